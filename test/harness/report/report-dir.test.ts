// The report directory is proved writable before a run: made for the proof
// and removed again if it was missing, refused when a file is in the way or it lies on /proc, /sys or /dev.
import t from 'tap';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportDirProblem } from '../../../harness/report/report-dir.ts';

t.test('a missing directory is proved writable and nothing of the proof is left', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'cc-rdir-'));
  const dir = join(base, 'a', 'b', 'c');
  t.equal(reportDirProblem(dir), undefined);
  t.notOk(existsSync(join(base, 'a')), 'the directories made for the proof are gone');
  await mkdir(dir, { recursive: true });
  t.equal(reportDirProblem(dir), undefined);
  t.ok(statSync(dir).isDirectory(), 'a directory that was there stays');
  t.notOk(existsSync(join(dir, `.write-check-${process.pid}`)), 'the probe file is gone');
});

t.test('a file in the way, special file systems and links into them are refused', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'cc-rdir-'));
  await writeFile(join(base, 'file'), 'x');
  t.match(reportDirProblem(join(base, 'file')), /is not a directory/);
  t.match(reportDirProblem(join(base, 'file', 'sub')), /a part of the path is a file/);
  t.match(reportDirProblem('/proc/self/cc'), /--report=\/proc\/self\/cc is under \/proc, \/sys, \/dev/);
  t.match(reportDirProblem('/dev/null', '--out'), /^--out=\/dev\/null is under/);
  if (existsSync('/proc/self')) {
    await symlink('/proc/self', join(base, 'link'));
    t.match(reportDirProblem(join(base, 'link', 'cc')), /is under \/proc/, 'a link into /proc is followed');
  }
});
