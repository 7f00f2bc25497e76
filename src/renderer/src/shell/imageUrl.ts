/**
 * Where the renderer loads a stored image from. The Electron shell serves
 * `copydesk-image://<sha256>`; a browser harness may serve another base.
 */
export function imageUrl(id: string): string {
  const base = (window as { copydeskImageBase?: string }).copydeskImageBase ?? 'copydesk-image://';
  return `${base}${id}`;
}
