// Minimal typings for the dockerlinter@2 internals that test/support/lint.ts
// calls in-process (the package ships no types and no programmatic API other
// than its CLI). Shapes taken from node_modules/dockerlinter/lib/*.js.
declare module 'dockerlinter/lib/parser.js' {
  export interface DlLine {
    text: string;
    lineNumber: number;
  }
  export function parseToLines(file: string): DlLine[];
}
declare module 'dockerlinter/lib/directives.js' {
  import type { DlLine } from 'dockerlinter/lib/parser.js';
  export interface DlDirective {
    directive: string;
    value: string;
    lineNumber: number;
  }
  export interface DlAlias {
    name: string | null;
    lineNumber: number;
  }
  export function directivesParser(lines: DlLine[]): DlDirective[];
  export function getEscape(directives: DlDirective[]): string;
  export function parseFromAliases(groups: unknown[]): DlAlias[];
}
declare module 'dockerlinter/lib/groups.js' {
  import type { DlLine } from 'dockerlinter/lib/parser.js';
  export interface DlGroup {
    instruction: string;
    arguments: string[];
    linesNumbers: number[];
    onBuild: boolean;
  }
  export interface DlInlineIgnore {
    list: string[];
    lineNumber: number;
  }
  export function groupLinesByInstruction(lines: DlLine[], escape: string): DlLine[][];
  export function groupByCommand(groups: DlLine[][]): DlGroup[];
  export function replaceArgAndEnv(groups: DlGroup[], escape: string): DlGroup[];
  export function getInlineIgnores(lines: DlLine[]): DlInlineIgnore[];
}
declare module 'dockerlinter/lib/lints.js' {
  const lints: Record<string, (parsedFile: unknown) => void>;
  export default lints;
}
declare module 'dockerlinter/lib/lints_helpers.js' {
  import type { DlGroup, DlInlineIgnore } from 'dockerlinter/lib/groups.js';
  export function getArgumentsLine(group: DlGroup, escape: string): string | false;
  export function findLineNumber(group: DlGroup, escape: string, index: number): number;
  export function isIgnored(code: string, line: number, inlineIgnores: DlInlineIgnore[]): boolean;
}
declare module 'dockerlinter/lib/errors.js' {
  export function getErrors(): Array<{ lineNumber: number; errorCode: string }>;
  export function cleanErrors(): void;
  export function cleanDisplayErrors(): void;
  export function getDisplayErrors(): Array<{ lineNumber: number; message: string; level: string; code: string }>;
  export function displayErrors(json: boolean, error: unknown): void;
}
