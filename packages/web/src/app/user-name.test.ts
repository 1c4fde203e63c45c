import { describe, expect, it } from 'vitest';
import { userDisplayName } from './user-name.ts';

describe('userDisplayName', () => {
  it('prefers the official name, with prefix, given and family', () => {
    expect(
      userDisplayName({
        resourceType: 'Practitioner',
        name: [
          { use: 'usual', given: ['Meg'], family: 'Grey' },
          { use: 'official', prefix: ['Dr.'], given: ['Meredith'], family: 'Grey' },
        ],
      }),
    ).toBe('Dr. Meredith Grey');
  });

  it('uses the text of a name, skips old names, and reads a PractitionerRole by reference', () => {
    expect(
      userDisplayName({
        resourceType: 'Patient',
        name: [{ use: 'old', text: 'Ada Byron' }, { text: 'Ada Lovelace' }],
      }),
    ).toBe('Ada Lovelace');
    expect(userDisplayName({ resourceType: 'PractitionerRole', practitioner: { display: 'Dr. Grey' } })).toBe(
      'Dr. Grey',
    );
    expect(userDisplayName({ resourceType: 'Patient' })).toBeUndefined();
  });
});
