import type { AppConfig } from '../config/config';
import type { AbuseLimitSettings } from '../print-service/abuse-limits';

const minute = 60_000;

/** The abuse limits' rules, from the print service's configuration (minutes and counts) to milliseconds. */
export function abuseLimitSettings(limits: AppConfig['printService']['limits']): AbuseLimitSettings {
  const maxLockMs = limits.maxLockMinutes * minute;
  const verifyRule = (max: number) => ({
    max,
    windowMs: limits.verifyWindowMinutes * minute,
    lockMs: limits.verifyLockMinutes * minute,
    maxLockMs,
  });
  return {
    login: {
      max: limits.loginFailures,
      windowMs: limits.loginWindowMinutes * minute,
      lockMs: limits.loginLockMinutes * minute,
      maxLockMs,
    },
    verify: verifyRule(limits.verifyFailures),
    verifyAllTerminals: verifyRule(limits.verifyFailuresAllTerminals),
    query: { max: limits.queriesPerMinute, windowMs: minute, lockMs: 0 },
    sourceFailures: { max: limits.sourceFailuresPerMinute, windowMs: minute },
    sourceLogins: { max: limits.sourceLoginsPerMinute, windowMs: minute },
  };
}
