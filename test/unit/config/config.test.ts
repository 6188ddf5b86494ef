// The two values the stack passes to every function: SES's region and the department manager's address.
import { describe, expect, it } from 'vitest';
import { departmentManagerEmail, readConfig } from '#shared/config.ts';
import { ValidationError } from '#shared/errors.ts';

describe('configuration the stack sets', () => {
  it('sends through SES_REGION when set, else the functions own AWS_REGION', () => {
    expect(readConfig({ AWS_REGION: 'ap-east-1', SES_REGION: 'ap-southeast-1' }).sesRegion).toBe(
      'ap-southeast-1',
    );
    expect(readConfig({ AWS_REGION: 'ap-east-1' }).sesRegion).toBe('ap-east-1');
    expect(readConfig({ AWS_REGION: 'ap-east-1', SES_REGION: ' ' }).sesRegion).toBe('ap-east-1');
  });

  it('reads DEPARTMENT_MANAGER_EMAIL (lower-cased) and refuses one that is not an address, naming it', () => {
    expect(readConfig({ DEPARTMENT_MANAGER_EMAIL: 'Boss@Example.com' }).departmentManagerEmail).toBe(
      'boss@example.com',
    );
    expect(readConfig({}).departmentManagerEmail).toBeUndefined();
    const error = (() => {
      try {
        readConfig({ DEPARTMENT_MANAGER_EMAIL: 'the boss' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { path: 'DEPARTMENT_MANAGER_EMAIL', message: 'expected an email address' },
    ]);
  });

  it("prefers the settings' department manager and falls back to the configured address", () => {
    const configured = { departmentManagerEmail: 'fallback@example.com' };
    expect(departmentManagerEmail({ departmentManager: { email: 'dm@example.com' } }, configured)).toBe(
      'dm@example.com',
    );
    expect(departmentManagerEmail(undefined, configured)).toBe('fallback@example.com');
    expect(departmentManagerEmail(undefined, { departmentManagerEmail: undefined })).toBeUndefined();
  });

  it("makes the process's SES client in SES_REGION", async () => {
    Object.assign(process.env, { AWS_REGION: 'ap-east-1', SES_REGION: 'ap-southeast-1' });
    delete process.env.SES_ENDPOINT;
    // This file's first read of the process configuration, so it sees the variables above.
    const { sesClient } = await import('#shared/mail/ses.ts');
    expect(await sesClient().config.region()).toBe('ap-southeast-1');
  });
});
