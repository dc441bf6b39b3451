/**
 * Generated files and messages speak to users: no internal rule ids ("R18"), no "checklist"
 * (the project's internal production checklist), no audit cross-check ids, no source file names
 * or work-in-progress markers. Notes give their reason in plain words instead.
 *
 * Two scans: every golden output (test/golden/<case>/, fixtures and variants; the golden test
 * keeps them equal to what the generator writes), and every string literal in the generator's
 * code and every template (comments are not read: they are for the project's developers).
 * The audit (generators/lib/audit, generators/audit) is left out of the second scan on purpose:
 * its rule ids (R01 base-image-pinned ...) are public, listed with their names in README.md's
 * rule table, and are what a team writes in `docker-prod-ignore R25: reason`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GOLDEN_DIR, REPO_ROOT } from './support/project.js';
import { fileTokens, listFiles } from './support/source-scan.js';

/** Internal words, each with what to write instead. */
export const INTERNAL_WORDS: { pattern: RegExp; what: string }[] = [
  { pattern: /\bR\d{2}\b/, what: 'an internal rule id (say what the rule asks for)' },
  { pattern: /\bchecklist\b/i, what: 'the internal checklist (say what it asks for)' },
  { pattern: /\bX-(?:port|image|layers|init)\b/, what: 'an audit cross-check id' },
  { pattern: /\b(?:TODO|FIXME|XXX)\b/, what: 'a work-in-progress marker' },
  { pattern: /\bissue #?\d+\b/i, what: 'an internal issue number' },
  // The generator's own source files (a project's src/main.ts is a user's file, not internal).
  {
    pattern: /\bgenerators\/(?:lib|stacks|app)\b|\b(?:profile|detect|template-data|settings|resolve|render|stack)\.[jt]s\b/,
    what: 'a source file of the generator',
  },
];

export function internalWords(text: string): string[] {
  return INTERNAL_WORDS.filter((w) => w.pattern.test(text)).map((w) => `${w.pattern.source} (${w.what})`);
}

/** Where the generator's user-facing strings live. */
const CODE_DIRS = ['generators', 'templates'];
const NOT_USER_FACING = [/^generators\/lib\/audit\//, /^generators\/audit\//];

describe('generated files and messages use plain words', () => {
  it('the scan finds what it looks for', () => {
    assert.deepEqual(internalWords('Checklist R18 NOT met').length, 2);
    assert.equal(internalWords('see profile.ts').length, 1);
    assert.equal(internalWords('from generators/lib/services').length, 1);
    assert.deepEqual(internalWords('src/main.ts and vite.config.ts'), []);
    assert.deepEqual(internalWords('# hadolint ignore=DLxxxx; R2D2 and CVE-2024-12345 and 1R18'), []);
  });

  it('no golden output (fixtures and variants) has an internal word', () => {
    const cases = fs.readdirSync(GOLDEN_DIR).filter((name) => fs.statSync(path.join(GOLDEN_DIR, name)).isDirectory());
    assert.ok(cases.length > 0, 'no golden folders');
    const found: string[] = [];
    for (const c of cases) {
      for (const file of listFiles(GOLDEN_DIR, c)) {
        fs.readFileSync(path.join(GOLDEN_DIR, file), 'utf8')
          .split('\n')
          .forEach((line, i) => {
            for (const w of internalWords(line)) found.push(`test/golden/${file}:${i + 1} ${w}: ${line.trim()}`);
          });
      }
    }
    assert.deepEqual(found, []);
  });

  it('no string in the generator or its templates has an internal word (messages, notes, descriptions)', () => {
    const files = CODE_DIRS.flatMap((dir) => listFiles(REPO_ROOT, dir)).filter((f) => !NOT_USER_FACING.some((re) => re.test(f)));
    const found: string[] = [];
    for (const file of files) {
      for (const token of fileTokens(path.join(REPO_ROOT, file))) {
        if (token.kind !== 'string' && token.kind !== 'text') continue;
        for (const w of internalWords(token.text)) found.push(`${file}:${token.line} ${w}: ${token.text.trim().slice(0, 120)}`);
      }
    }
    assert.deepEqual(found, []);
  });
});
