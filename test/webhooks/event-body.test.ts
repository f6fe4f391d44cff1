import { describe, expect, it } from 'vitest';
import type { HealthEvent } from '../../src/health/webhook-event';
import { eventBody, healthEventProblem } from '../../src/webhooks/event-body';

const EVENT: HealthEvent = {
  id: 'hc-42',
  type: 'health-check.status-changed',
  healthCheckId: 'web-1',
  healthy: false,
  previousHealthy: true,
  at: '2030-01-01T00:00:00.000Z',
  reason: 'timeout after 6000 ms',
  source: 'probe',
};

describe('event body', () => {
  it('is the event JSON, members in a fixed order, nothing else', () => {
    const { source, id, ...rest } = EVENT;
    const shuffled = { source, extra: 'not sent', ...rest, id } as HealthEvent;
    expect(eventBody(shuffled)).toBe(
      '{"id":"hc-42","type":"health-check.status-changed","healthCheckId":"web-1","healthy":false,' +
        '"previousHealthy":true,"at":"2030-01-01T00:00:00.000Z","reason":"timeout after 6000 ms","source":"probe"}',
    );
    expect(eventBody({ id: 'test-1', type: 'webhook.test', webhookId: 'w', at: EVENT.at })).toBe(
      '{"id":"test-1","type":"webhook.test","webhookId":"w","at":"2030-01-01T00:00:00.000Z"}',
    );
  });

  it.each([
    [{ ...EVENT }, null],
    [{ ...EVENT, reason: '' }, null],
    [null, 'not an object'],
    [{ ...EVENT, id: '' }, 'id:'],
    [{ ...EVENT, id: 'hc 1' }, 'id:'],
    [{ ...EVENT, id: 'x'.repeat(129) }, 'id:'],
    [{ ...EVENT, type: 'webhook.test' }, 'type:'],
    [{ ...EVENT, healthCheckId: 'no spaces' }, 'healthCheckId:'],
    [{ ...EVENT, healthy: 'yes' }, 'healthy'],
    [{ ...EVENT, at: 'yesterday' }, 'at:'],
    [{ ...EVENT, reason: 'r'.repeat(1_025) }, 'reason:'],
    [{ ...EVENT, source: 'cron' }, 'source:'],
  ])('%j → %s', (event, problem) => {
    const found = healthEventProblem(event);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
