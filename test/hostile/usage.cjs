// Preloaded (node -r) into the CLI under test: writes the process's peak
// resident set size (KiB) and CPU time (ms) to $THEBOT_USAGE_FILE on exit.
const out = process.env.THEBOT_USAGE_FILE;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    require('node:fs').writeFileSync(out, JSON.stringify({ maxRSS: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
