/**
 * Test support: a payments gateway a test can point elsewhere while its app runs (Stripe's fake
 * API, then an address where nothing answers). The app is built with it once (`createTestApp`'s
 * `paymentsGateway`); every property is read from the gateway in use at the time, so a demo
 * gateway's own pages keep working while it is the one in use.
 */
import type { PaymentsGateway } from './payments-gateway.js';

export interface SwitchableGateway {
  gateway: PaymentsGateway;
  /** Uses `next` from now on. */
  use(next: PaymentsGateway): void;
  /** The gateway in use now. */
  current(): PaymentsGateway;
}

export function switchableGateway(first: PaymentsGateway): SwitchableGateway {
  let current = first;
  const gateway = new Proxy(first, {
    get: (_target, key) => {
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? value.bind(current) : value;
    },
    has: (_target, key) => Reflect.has(current, key),
  });
  return {
    gateway,
    use(next) {
      current = next;
    },
    current: () => current,
  };
}
