// A sample Lambda handler for the demo and the README's examples: it logs `lines`
// lines (default 5) at different levels, as a real function would.

export const handler = async (event, context) => {
  const lines = Number.isInteger(event?.lines) ? event.lines : 5;
  for (let n = 1; n <= lines; n++) {
    if (n === 1) console.info(`handling request ${context.awsRequestId}`);
    else if (n === lines) console.warn('cache miss: fetched from origin');
    else console.log(`step ${n - 1}: work done`);
  }
  return { ok: true, lines };
};
