require('node:fs').writeFileSync(`${__dirname}/canary-script-${process.argv[2]}-ran`, 'x');
