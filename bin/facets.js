#!/usr/bin/env node
// The CLI runs from the compiled output (`npm run build`, which `npm install` runs through `prepare`).
import '../out/src-main/cli/main.js';
