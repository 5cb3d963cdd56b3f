// Vietnamese without diacritics, lower case: "Đăng ký Khai sinh" → "dang ky khai sinh".
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

// True when every word of `query` starts a word of `text`, both folded.
export function matchesWords(text: string, query: string): boolean {
  const words = fold(text).split(' ')
  return fold(query)
    .split(' ')
    .filter(Boolean)
    .every((q) => words.some((w) => w.startsWith(q)))
}
