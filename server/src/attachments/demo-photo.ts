import sharp from 'sharp';

/**
 * A stand-in photo of a village bulletin board (公开栏) for the demo seed: a framed board with
 * a red header band and posted sheets, drawn as shapes (no fonts needed). Returns JPEG bytes;
 * `seed` moves the sheets so several photos differ.
 */
export async function demoBoardPhoto(seed = 0, width = 960, height = 640): Promise<Buffer> {
  const sheets = Array.from({ length: 4 }, (_, i) => {
    const x = 90 + i * 200 + ((seed * 13 + i * 7) % 20);
    const y = 190 + ((seed * 11 + i * 5) % 30);
    const lines = Array.from(
      { length: 9 },
      (_, l) =>
        `<rect x="${x + 15}" y="${y + 30 + l * 26}" width="${140 - ((l * 17 + i) % 50)}" height="6" fill="#555"/>`,
    ).join('');
    return `<rect x="${x}" y="${y}" width="170" height="270" fill="#fbfaf4" stroke="#ccc"/>${lines}`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#9db7c9"/>
    <rect x="40" y="60" width="${width - 80}" height="${height - 110}" fill="#2f5d3a" stroke="#7a5230" stroke-width="18"/>
    <rect x="60" y="80" width="${width - 120}" height="70" fill="#b3261e"/>
    <rect x="${width / 2 - 180}" y="105" width="360" height="20" fill="#f5d76e"/>
    ${sheets}
    <rect x="0" y="${height - 50}" width="100%" height="50" fill="#8a8f84"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
