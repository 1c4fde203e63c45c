import type { Code } from './codes.ts';
import type { ChronicKey } from './conditions.ts';

// Home monitoring devices (SNOMED CT physical objects; the BP monitor code is from the HL7 CIMI
// vital signs blood pressure device value set; the glucose meter as Synthea records it) and the
// conditions remote patient monitoring programmes enrol for (CMS RPM codes 99453/99454 are
// mostly billed for hypertension, diabetes and heart failure: Tang et al., JAMA 2022).

export type DeviceKind = 'bloodPressureMonitor' | 'glucoseMeter';

export const DEVICE_TYPES: Readonly<Record<DeviceKind, Code>> = {
  bloodPressureMonitor: {
    code: '258057004',
    display: 'Non-invasive blood pressure monitor (physical object)',
  },
  glucoseMeter: { code: '337414009', display: 'Blood glucose meter (physical object)' },
};

export const MONITORED_CONDITIONS: Readonly<Partial<Record<ChronicKey, DeviceKind>>> = {
  hypertension: 'bloodPressureMonitor',
  heartFailure: 'bloodPressureMonitor',
  diabetes: 'glucoseMeter',
};

/** Share of eligible patients enrolled in remote monitoring, and the days of recent readings. */
export const MONITORING_ENROLMENT = 0.25;
export const MONITORING_DAYS = 14;
