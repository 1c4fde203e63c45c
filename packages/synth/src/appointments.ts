import type { Appointment } from '@medplum/fhirtypes';
import type { Chart } from './chart.ts';
import { clinicDays, slotStarts } from './clinic-calendar.ts';
import { dateTime, DAY, localDateTime, MINUTE, reference } from './fhir-values.ts';
import { BOOKED_HOURS, SLOT_MINUTES, UPCOMING_APPOINTMENT_SHARE } from './tables/scheduling.ts';

// An upcoming booked visit with the patient's primary care physician, in the afternoon block that is
// not offered as free slots (tables/scheduling.ts). People with chronic conditions are more likely to
// have one (scheduled follow-up); the overall share is UPCOMING_APPOINTMENT_SHARE.

export function recordAppointment(chart: Chart, scheduleWeeks: number): void {
  const { rng, person, window } = chart;
  const chronic = chart.body.cases.length > 0;
  const share = chronic ? UPCOMING_APPOINTMENT_SHARE * 2 : UPCOMING_APPOINTMENT_SHARE / 2;
  if (!rng.chance(share)) return;
  const days = clinicDays(window.nowMs, scheduleWeeks, window.utcOffsetHours);
  if (days.length === 0) return;
  const starts = [...slotStarts([rng.pick(days)], BOOKED_HOURS)];
  const start = rng.pick(starts);
  const appointment: Appointment = {
    resourceType: 'Appointment',
    id: rng.uuid(),
    status: 'booked',
    appointmentType: {
      coding: [
        chronic
          ? {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0276',
              code: 'FOLLOWUP',
              display: 'A follow up visit from a previous appointment',
            }
          : {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0276',
              code: 'ROUTINE',
              display: 'Routine appointment - default if not valued',
            },
      ],
    },
    description: chronic ? 'Chronic care follow-up' : 'Routine check-up',
    start: localDateTime(start, window.utcOffsetHours),
    end: localDateTime(start + SLOT_MINUTES * MINUTE, window.utcOffsetHours),
    minutesDuration: SLOT_MINUTES,
    created: dateTime(window.nowMs - rng.int(1, 30) * DAY),
    participant: [
      { actor: reference('Patient', person.id), required: 'required', status: 'accepted' },
      {
        actor: reference('Practitioner', person.pcp.practitionerId),
        required: 'required',
        status: 'accepted',
      },
      { actor: reference('Location', person.clinic.locationId), required: 'required', status: 'accepted' },
    ],
  };
  chart.resources.push(appointment);
}
