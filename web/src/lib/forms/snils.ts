/** The digits of a SNILS as typed, at most 11. */
export function snilsDigits(input: string): string {
  return input.replace(/\D/g, '').slice(0, 11);
}

/**
 * A SNILS formatted as it is typed: "12345678901" → "123-456-789 01",
 * "1234" → "123-4". Anything but digits is dropped.
 */
export function formatSnils(input: string): string {
  const d = snilsDigits(input);
  let out = d.slice(0, 3);
  if (d.length > 3) out += '-' + d.slice(3, 6);
  if (d.length > 6) out += '-' + d.slice(6, 9);
  if (d.length > 9) out += ' ' + d.slice(9, 11);
  return out;
}
