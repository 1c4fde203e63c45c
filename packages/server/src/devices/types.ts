// The seams of remote monitoring (issue #6, DESIGN.md §6): what a parsed reading is, which device sent it,
// and the credentials a device signs in with. Parsing (payloads.ts), storage (store.ts), transports
// (readings.routes.ts, mqtt.ts) and the monitoring rules (../monitoring) all speak these types.

/** The eight kinds Hearth understands (Hearth JSON `type`; the Open mHealth schema names map onto them). */
export type ReadingKind =
  | 'heart-rate'
  | 'blood-pressure'
  | 'body-weight'
  | 'oxygen-saturation'
  | 'body-temperature'
  | 'respiratory-rate'
  | 'blood-glucose'
  | 'step-count';

/** One reading after parsing and normalisation to LOINC and UCUM. */
export interface NormalizedReading {
  kind: ReadingKind;
  /**
   * LOINC code of the Observation: 8867-4 heart rate, 85354-9 blood pressure panel, 29463-7 body weight,
   * 59408-5 SpO2 (pulse oximetry), 8310-5 body temperature, 9279-1 respiratory rate, 2339-0 glucose
   * (mass/volume in blood), 55423-8 step count.
   */
  code: string;
  /** Canonical UCUM unit: '/min', 'mm[Hg]', 'kg', '%', 'Cel', 'mg/dL', '{steps}'. */
  unit: string;
  /** The value in `unit`; undefined for blood pressure, whose values are its components. */
  value?: number;
  /** Blood pressure: systolic 8480-6 and diastolic 8462-4, in mm[Hg]. */
  components?: readonly ReadingComponent[];
  /** Effective instant in ms since the epoch (step count: the end of its interval). */
  timeMs: number;
  /** Step count: the start of its interval, ms since the epoch. */
  startMs?: number;
}

export interface ReadingComponent {
  code: string;
  value: number;
  unit: string;
}

/** A device that proved its credentials: whose readings are being ingested. */
export interface DeviceIdentity {
  /** The FHIR Device id. */
  deviceId: string;
  /** The Patient the device is paired to; an unpaired device's readings are refused. */
  patientId: string | undefined;
}

/** What a device signs in with over MQTT and HTTP Basic: the username is the Device id. */
export interface DeviceCredentials {
  username: string;
  password: string;
}
