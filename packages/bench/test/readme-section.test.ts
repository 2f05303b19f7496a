import { describe, expect, it } from 'vitest';
import { BEGIN, END, replaceBenchSection } from '../src/readme-section.js';
import type { BenchReport } from '../src/results.js';
import { subjectResult } from './subject-results.js';

const report: BenchReport = {
  startedAt: '2026-11-27T05:00:00.000Z',
  durationS: 42,
  quick: false,
  machine: {
    cpus: 2,
    cpuModel: 'Test CPU',
    node: 'v20.0.0',
    platform: 'linux x64',
  },
  nodeStartMs: undefined,
  subjects: [
    subjectResult({ name: 'null', kind: 'baseline' }),
    subjectResult({ name: 'webhook', zipBytes: 100 * 1024 }),
  ],
  budgets: [],
  notes: [],
};

describe('replaceBenchSection', () => {
  it('replaces only the text between the markers', () => {
    const readme = `# x\n\n## Performance\n${BEGIN}\nold table\n${END}\n\n## Next\n`;

    const updated = replaceBenchSection(readme, report);

    expect(updated.startsWith(`# x\n\n## Performance\n${BEGIN}\n`)).toBe(true);
    expect(updated.endsWith(`${END}\n\n## Next\n`)).toBe(true);
    expect(updated).not.toContain('old table');
    expect(updated).toContain('Measured on 2 CPUs (Test CPU), Node.js v20.0.0');
    expect(updated).toMatch(/\| figure +\| budget +\| null +\| webhook +\|/);
    expect(updated).toMatch(/\| layer zip +\| webhook 150 KB/);
    expect(replaceBenchSection(updated, report)).toBe(updated);
  });

  it('refuses a README without the markers', () => {
    expect(() => replaceBenchSection('# x\n', report)).toThrow(
      /no <!-- bench:begin -->/
    );
  });
});
