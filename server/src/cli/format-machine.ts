// Machine formats of `thebot check`: JSON, JUnit XML and GitHub workflow
// annotations. Positions are 1-based in all of them (0-based internally).
import { relative } from 'node:path';
import type { Finding, Range } from '../findings';
import type { AnalysisFinding } from '../analysis/map';

function rel(file: string, cwd: string): string {
  return relative(cwd, file) || file;
}

/** A 0-based LSP range as the 1-based line/column fields every machine format prints. */
function span(r: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** A rule's quick fix (analysis findings carry one), as 1-based replacements. */
function fixOf(f: Finding, cwd: string): { title: string; edits: { file: string; line: number; column: number; endLine: number; endColumn: number; newText: string }[] } | undefined {
  const fix = (f as AnalysisFinding).fix;
  if (!fix) return undefined;
  return {
    title: fix.title,
    edits: fix.edits.map((e) => ({
      file: rel(e.file, cwd),
      ...span(e.range),
      newText: e.newText,
    })),
  };
}

export function formatJson(findings: Finding[], cwd: string): string {
  return JSON.stringify(
    findings.map((f) => ({
      file: rel(f.file, cwd),
      ...span(f.range),
      severity: f.severity,
      code: f.code,
      message: f.message,
      environments: f.environments ?? [],
      related: (f.related ?? []).map((r) => ({ file: rel(r.file, cwd), line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })),
      ...(fixOf(f, cwd) ? { fix: fixOf(f, cwd) } : {}),
    })),
    null,
    2,
  );
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One test case per finding, grouped by file; a clean run is one passing case so CI shows the check ran. */
export function formatJunit(findings: Finding[], cwd: string): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = rel(f.file, cwd);
    byFile.set(k, [...(byFile.get(k) ?? []), f]);
  }
  const failures = findings.filter((f) => f.severity !== 'info').length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="thebot check" tests="${Math.max(findings.length, 1)}" failures="${failures}">`];
  if (!findings.length) {
    out.push('  <testsuite name="thebot check" tests="1" failures="0">', '    <testcase classname="thebot" name="no findings"/>', '  </testsuite>');
  }
  for (const [file, list] of byFile) {
    out.push(`  <testsuite name="${xml(file)}" tests="${list.length}" failures="${list.filter((f) => f.severity !== 'info').length}">`);
    for (const f of list) {
      const pos = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const envs = f.environments?.length ? ` [${f.environments.join(',')}]` : '';
      out.push(`    <testcase classname="${xml(file)}" name="${xml(`${f.code} ${pos}${envs}`)}">`);
      const body = xml(`${file}:${pos} ${f.message}`);
      if (f.severity === 'info') out.push(`      <system-out>${body}</system-out>`);
      else out.push(`      <failure type="${f.severity}" message="${xml(f.message)}">${body}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}

function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. */
export function formatGithub(findings: Finding[], cwd: string): string {
  return findings
    .map((f) => {
      const cmd = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const envs = f.environments?.length ? ` [${f.environments.join(',')}]` : '';
      const props = [
        `file=${ghProperty(rel(f.file, cwd))}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${ghProperty(`${f.code}${envs}`)}`,
      ];
      return `::${cmd} ${props.join(',')}::${ghData(f.message)}`;
    })
    .join('\n');
}
