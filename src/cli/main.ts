// Placeholder entry so the build has a CLI bundle; the demos issue fills this in.
process.stdout.write('unrolled: not yet implemented\n');
process.exitCode = 2;
