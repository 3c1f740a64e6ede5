// The page side of test/browser/lesson.mjs: plays VS Code's notebook webview for the lesson renderer. Loads
// dist/lessonRenderer.js as VS Code does (an ES module), gives it a renderer context whose messages the test
// reads, and draws the outputs the test put in window.__outputs into one element each.
const { activate, mounted } = await import('/dist/lessonRenderer.js');
window.__posted = [];
const listeners = [];
const ctx = {
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  onDidReceiveMessage: (l) => { listeners.push(l); return { dispose() { listeners.splice(listeners.indexOf(l), 1); } }; },
};
const renderer = activate(ctx);
window.__hostSays = (m) => { for (const l of [...listeners]) l(m); };
window.__mounted = mounted;
for (const o of window.__outputs) {
  const div = document.createElement('div');
  div.id = `out-${o.id}`;
  div.className = 'output';
  document.body.append(div);
  renderer.renderOutputItem({ id: o.id, mime: o.mime, metadata: o.metadata, text: () => o.text }, div);
}
window.__ready = true;
