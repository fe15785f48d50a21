/*
 * The decode doctor's process (see decodeDoctor.ts): decodes one file at a time, so libvips' process-wide error buffer
 * holds nothing but that file's words. Glue only.
 */
import sharp from 'sharp';
import type { DoctorAnswer, DoctorAsk } from './decodeDoctor.js';
import { decodeImage } from './scanFile.js';

sharp.concurrency(1);
sharp.cache(false);

let queue = Promise.resolve();

process.on('message', ({ id, request }: DoctorAsk) => {
  queue = queue.then(async () => {
    // Buffers arrive as plain Uint8Arrays.
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    const photo = await decodeImage({ ...request, bytes }).then(
      (decoding) => decoding.photo,
      () => null,
    );
    process.send?.({ id, photo } satisfies DoctorAnswer);
  });
});

// The parent is gone or done with us.
process.on('disconnect', () => process.exit(0));
