import { openCore, type GlobalOptions } from './openCore.js';

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** `facets faces <photo>…`: finds and prints the faces in image files (read-only; nothing is added to the library). */
export async function facesCommand(
  paths: readonly string[],
  options: GlobalOptions & { json?: boolean },
): Promise<number> {
  if (paths.length === 0) throw new Error('facets faces needs at least one image file');
  const core = await openCore(options, { create: true });
  try {
    for (const path of paths) {
      const found = await core.handlers.faces.detect(path);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ path, ...found })}\n`);
        continue;
      }
      const { width, height } = found;
      process.stdout.write(
        `${path}: ${found.faces.length} face${found.faces.length === 1 ? '' : 's'} (${width}×${height}, ${round(found.timings['totalMs'] ?? 0)} ms)\n`,
      );
      found.faces.forEach((face, i) => {
        const { x, y, width: w, height: h } = face.box;
        const box = `x ${round(x * width)} y ${round(y * height)} ${round(w * width)}×${round(h * height)} px`;
        const q = face.quality;
        process.stdout.write(
          `  #${i + 1}  ${box}  score ${round(face.score, 2)}  quality ${round(q.score, 2)} (sharpness ${round(q.sharpness, 2)}, yaw ${round(q.yaw)}°, roll ${round(q.roll)}°)\n`,
        );
      });
    }
    return 0;
  } finally {
    await core.close();
  }
}
