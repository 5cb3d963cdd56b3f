// Dates, money and durations as people read them. API times are Vietnam civil times
// ("YYYY-MM-DDTHH:MM", UTC+7) whatever the browser's time zone.
import { locale, t } from '../i18n'

const VN_OFFSET_MS = 7 * 3600 * 1000

// Milliseconds since the epoch of a Vietnam civil time, or NaN.
export function vnTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(text)
  if (!m) return NaN
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0)) - VN_OFFSET_MS
}

// The Vietnam civil time of an instant, "YYYY-MM-DDTHH:MM".
export function toVnCivil(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 16)
}

export function formatDate(text: string | null | undefined): string {
  if (!text) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
  return m ? `${m[3]}/${m[2]}/${m[1]}` : text
}

export function formatDateTime(text: string | null | undefined): string {
  if (!text) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(text)
  if (!m) return formatDate(text)
  const date = `${m[3]}/${m[2]}/${m[1]}`
  return locale.value === 'vi' ? `${m[4]} ngày ${date}` : `${date} at ${m[4]}`
}

export function formatMoney(vnd: number): string {
  return `${new Intl.NumberFormat(locale.value === 'vi' ? 'vi-VN' : 'en-GB').format(vnd)} ${locale.value === 'vi' ? 'đồng' : 'VND'}`
}

export function formatDeadline(amount: number, unit: string): string {
  if (amount === 0 && unit === 'working_days') return t('procedure.deadline.sameDay')
  return t(`procedure.deadline.${unit}`, { n: amount })
}
