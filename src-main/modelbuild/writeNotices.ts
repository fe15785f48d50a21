/* `npm run notices`: writes THIRD_PARTY_NOTICES.md at the repository root from the models manifest. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultModelsDir, readManifest } from '../core/inference/modelManifest.js';
import { NOTICES_FILE, renderNotices } from './notices.js';

const modelsDir = defaultModelsDir();
writeFileSync(join(modelsDir, '..', NOTICES_FILE), renderNotices(readManifest(modelsDir)));
process.stderr.write(`notices: wrote ${NOTICES_FILE}\n`);
