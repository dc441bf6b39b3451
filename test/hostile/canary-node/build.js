require('node:fs').writeFileSync(`${__dirname}/canary-build-ran`, 'x');
