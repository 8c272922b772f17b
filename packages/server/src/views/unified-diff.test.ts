import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff, sideBySide } from './unified-diff';

const DIFF = `diff --git a/apps/jellyfin.yaml b/apps/jellyfin.yaml
--- a/apps/jellyfin.yaml
+++ b/apps/jellyfin.yaml
@@ -10,4 +10,5 @@
   containers:
-    - securityContext:
-        privileged: true
+    - resources:
+        limits:
+          gpu.intel.com/i915: 1
   image: jellyfin
diff --git a/docs/adr/0001-gpu.md b/docs/adr/0001-gpu.md
new file mode 100644
--- /dev/null
+++ b/docs/adr/0001-gpu.md
@@ -0,0 +1,1 @@
+# Use the GPU plugin
`;

describe('parseUnifiedDiff', () => {
  it('reads files, their status, hunks and the line numbers on both sides', () => {
    const [modified, added] = parseUnifiedDiff(DIFF);
    expect(modified).toMatchObject({ path: 'apps/jellyfin.yaml', status: 'modified' });
    const lines = modified?.hunks[0]?.lines ?? [];
    expect(lines.map((line) => [line.kind, line.oldNumber, line.newNumber])).toEqual([
      ['context', 10, 10],
      ['del', 11, undefined],
      ['del', 12, undefined],
      ['add', undefined, 11],
      ['add', undefined, 12],
      ['add', undefined, 13],
      ['context', 13, 14],
    ]);
    expect(lines[1]?.text).toBe('    - securityContext:');
    expect(added).toMatchObject({ path: 'docs/adr/0001-gpu.md', status: 'added' });
    expect(added?.hunks[0]?.lines).toEqual([{ kind: 'add', text: '# Use the GPU plugin', newNumber: 1 }]);
  });
});

describe('sideBySide', () => {
  it('puts removed lines beside the added lines that replace them, and context on both sides', () => {
    const lines = parseUnifiedDiff(DIFF)[0]?.hunks[0]?.lines ?? [];
    const rows = sideBySide(lines).map((row) => [row.left?.oldNumber, row.right?.newNumber]);
    expect(rows).toEqual([
      [10, 10],
      [11, 11],
      [12, 12],
      [undefined, 13],
      [13, 14],
    ]);
  });
});
