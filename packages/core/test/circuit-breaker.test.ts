import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../src/circuit-breaker.js';

function makeClock() {
  const clock = { now: 1_000 };
  return { clock, nowMs: () => clock.now };
}

describe('createCircuitBreaker', () => {
  it('stays closed below the failure threshold', () => {
    const circuit = createCircuitBreaker({ failureThreshold: 3 });

    circuit.onFailure();
    circuit.onFailure();

    expect(circuit.state).toBe('closed');
    expect(circuit.canSend()).toBe(true);
  });

  it('opens after the threshold of consecutive failures', () => {
    const { nowMs } = makeClock();
    const circuit = createCircuitBreaker({ failureThreshold: 3, nowMs });

    circuit.onFailure();
    circuit.onFailure();
    circuit.onFailure();

    expect(circuit.state).toBe('open');
    expect(circuit.canSend()).toBe(false);
    expect(circuit.retryAtMs).toBe(6_000);
  });

  it('a success resets the failure count', () => {
    const circuit = createCircuitBreaker({ failureThreshold: 2 });

    circuit.onFailure();
    circuit.onSuccess();
    circuit.onFailure();

    expect(circuit.state).toBe('closed');
  });

  it('lets a trial through after openMs (half-open)', () => {
    const { clock, nowMs } = makeClock();
    const circuit = createCircuitBreaker({
      failureThreshold: 1,
      openMs: 500,
      nowMs,
    });
    circuit.onFailure();

    clock.now += 500;

    expect(circuit.state).toBe('half-open');
    expect(circuit.canSend()).toBe(true);
    expect(circuit.retryAtMs).toBeUndefined();
  });

  it('doubles the opening per failed trial up to maxOpenMs', () => {
    const { clock, nowMs } = makeClock();
    const circuit = createCircuitBreaker({
      failureThreshold: 1,
      openMs: 1_000,
      maxOpenMs: 3_000,
      nowMs,
    });
    const durations: number[] = [];

    for (let i = 0; i < 4; i++) {
      circuit.onFailure();
      durations.push((circuit.retryAtMs ?? 0) - clock.now);
      clock.now = circuit.retryAtMs ?? clock.now;
    }

    expect(durations).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('closes on a successful trial and resets the duration', () => {
    const { clock, nowMs } = makeClock();
    const circuit = createCircuitBreaker({
      failureThreshold: 1,
      openMs: 1_000,
      nowMs,
    });
    circuit.onFailure();
    clock.now += 1_000;
    circuit.onFailure();
    clock.now += 2_000;

    circuit.onSuccess();
    circuit.onFailure();

    expect(circuit.retryAtMs).toBe(clock.now + 1_000);
  });

  it('does not extend an open circuit for failures reported while open', () => {
    const { nowMs } = makeClock();
    const circuit = createCircuitBreaker({
      failureThreshold: 1,
      openMs: 1_000,
      nowMs,
    });
    circuit.onFailure();

    circuit.onFailure();

    expect(circuit.retryAtMs).toBe(2_000);
  });

  it('uses 5 s and a threshold of 3 by default', () => {
    const { nowMs } = makeClock();
    const circuit = createCircuitBreaker({ nowMs });

    circuit.onFailure();
    circuit.onFailure();
    circuit.onFailure();

    expect(circuit.retryAtMs).toBe(6_000);
  });
});
