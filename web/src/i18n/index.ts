// A tiny i18n: Vietnamese messages are bundled, English is loaded on demand (it is off the
// critical path). Keys are dotted paths into the message tree; `{name}` placeholders are filled
// from `params`. A missing key renders as the key itself, so gaps are visible, never blank.
import { ref, type App } from 'vue'
import vi from './vi'

export type Locale = 'vi' | 'en'
type Tree<T> = { [K in keyof T]: T[K] extends string ? string : Tree<T[K]> }
export type Messages = Tree<typeof vi>

const STORAGE_KEY = 'motcua.locale'
export const locale = ref<Locale>('vi')
const catalogs: Partial<Record<Locale, Messages>> = { vi }

function lookup(messages: Messages | undefined, key: string): string | undefined {
  let node: unknown = messages
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

export function t(key: string, params?: Record<string, string | number>): string {
  const text = lookup(catalogs[locale.value], key) ?? lookup(catalogs.vi, key) ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    params[name] === undefined ? m : String(params[name]),
  )
}

// True when the key exists (for optional texts such as per-event titles).
export function has(key: string): boolean {
  return lookup(catalogs.vi, key) !== undefined
}

export async function setLocale(next: Locale): Promise<void> {
  if (!catalogs[next]) {
    catalogs[next] = (await import('./en')).default
  }
  locale.value = next
  document.documentElement.lang = next
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export async function initLocale(): Promise<void> {
  let saved: string | null = null
  try {
    saved = localStorage.getItem(STORAGE_KEY)
  } catch {
    saved = null
  }
  if (saved === 'en') await setLocale('en')
  else document.documentElement.lang = 'vi'
}

export const i18n = {
  install(app: App) {
    app.config.globalProperties.$t = t
  },
}

declare module 'vue' {
  interface ComponentCustomProperties {
    $t: typeof t
  }
}
