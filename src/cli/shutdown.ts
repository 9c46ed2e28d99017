/** Entry points own signals: the first SIGINT/SIGTERM shuts down gracefully, a second forces exit. */
export function onShutdown(stop: (signal: string) => Promise<void>, log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`${signal} again: forcing exit`);
        process.exit(1);
      }
      stopping = true;
      log(`${signal}: finishing in-flight work, then exiting (send again to force)`);
      stop(signal).then(resolve, (err: Error) => {
        log(`shutdown failed: ${err.message}`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
