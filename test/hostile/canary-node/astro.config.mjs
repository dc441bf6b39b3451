import fs from 'node:fs'; fs.writeFileSync(new URL('./canary-astro-config-ran', import.meta.url), 'x'); export default {};
