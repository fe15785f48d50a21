import { openCore, type GlobalOptions } from './openCore.js';

/** `facets find --photo x.jpg [--any]`: the people in a photo and the library photos holding all (or any) of them. */
export async function findCommand(
  photo: string | undefined,
  options: GlobalOptions & Readonly<{ any?: boolean | undefined; json?: boolean | undefined }>,
): Promise<number> {
  if (!photo) throw new Error('facets find --photo <image file> [--any]');
  const core = await openCore(options, { create: false });
  try {
    const result = await core.handlers.people.findByPhoto(photo, { mode: options.any ? 'any' : 'all' });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    process.stdout.write(`${photo}: ${result.faces.length} face${result.faces.length === 1 ? '' : 's'}\n`);
    for (const face of result.faces) {
      // An unknown face's distance is to the closest library face, not to a person: say so.
      const distance =
        face.distance === null
          ? ''
          : ` (${face.person ? 'distance' : 'closest library face'} ${face.distance.toFixed(3)})`;
      process.stdout.write(`  #${face.index + 1}  ${face.person ? face.person.displayName : 'unknown'}${distance}\n`);
    }
    process.stdout.write(`${result.total} photo${result.total === 1 ? '' : 's'} with ${result.mode} of them\n`);
    for (const { photo: found, matches } of result.photos) {
      const how = matches.map((m) => `#${m.queryFace + 1} ${m.distance.toFixed(3)}`).join(', ');
      process.stdout.write(`  ${found.path}  [${how}]\n`);
    }
    return 0;
  } finally {
    await core.close();
  }
}
