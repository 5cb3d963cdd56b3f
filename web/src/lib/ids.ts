// A random key for Idempotency-Key (crypto.randomUUID needs a secure context; this does not).
export function newKey(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
