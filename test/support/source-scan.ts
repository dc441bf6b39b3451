/**
 * What source code says, without its comments: the identifiers and string literals of a
 * TypeScript file (read with the TypeScript compiler's parser), and of an EJS template the
 * JavaScript inside its `<% %>` tags plus the text it prints. Used by the tests that check what
 * shared code names (test/shared-code.test.ts) and what reaches users (test/user-text.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Token {
  kind: 'identifier' | 'string' | 'module' | 'text';
  text: string;
  /** 1-based. */
  line: number;
}

/** Identifiers and literals of TypeScript/JavaScript code; comments are not tokens. */
export function codeTokens(code: string, fileName = 'code.ts', lineOffset = 0): Token[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Token[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 + lineOffset;
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ kind: 'module', text: node.moduleSpecifier.text, line: line(node.moduleSpecifier) });
      if (ts.isImportDeclaration(node) && node.importClause) visit(node.importClause);
      if (ts.isExportDeclaration(node) && node.exportClause) visit(node.exportClause);
      return;
    }
    // Module augmentation (`declare module '../../lib/template-data.js' { ... }`): its name is a module path.
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      out.push({ kind: 'module', text: node.name.text, line: line(node.name) });
      if (node.body) visit(node.body);
      return;
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ kind: 'module', text: node.argument.literal.text, line: line(node) });
    } else if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      out.push({ kind: 'identifier', text: node.text, line: line(node) });
    } else if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isRegularExpressionLiteral(node)
    ) {
      out.push({ kind: 'string', text: node.text, line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** An EJS template: the code in its tags (EJS comments `<%#` skipped) and the text it prints, by line. */
export function ejsTokens(template: string): Token[] {
  const out: Token[] = [];
  const tag = /<%([_#=-]?)([\s\S]*?)[-_]?%>/g;
  for (const m of template.matchAll(tag)) {
    if (m[1] === '#') continue;
    const lineOffset = template.slice(0, m.index).split('\n').length - 1;
    // `<%= x %>` / `<%- x %>` hold an expression; `<% ... %>` statements (a dangling `{` or `}` parses well enough).
    out.push(...codeTokens(m[2]!, 'tag.ts', lineOffset));
  }
  // The printed text, tags blanked (newlines kept so line numbers stay right).
  const text = template.replace(tag, (whole) => whole.replace(/[^\n]/g, ' '));
  text.split('\n').forEach((content, i) => {
    if (content.trim() !== '') out.push({ kind: 'text', text: content, line: i + 1 });
  });
  return out;
}

/** Every file under `dir` (relative to `root`, with / separators). */
export function listFiles(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    return entry.isDirectory() ? listFiles(root, relative) : [relative];
  });
}

/** Tokens of a .ts or .ejs file; other files have none. */
export function fileTokens(file: string): Token[] {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.ejs')) return ejsTokens(text);
  if (/\.[cm]?[jt]s$/.test(file) && !file.endsWith('.d.ts')) return codeTokens(text, file);
  return [];
}
