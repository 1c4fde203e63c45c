// Code system URIs as FHIR R4 names them (R4 §4.3 "Using Codes in Resources", terminologies page).
export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const CVX = 'http://hl7.org/fhir/sid/cvx';
export const UCUM = 'http://unitsofmeasure.org';
export const NUCC = 'http://nucc.org/provider-taxonomy';
export const OMB_RACE_ETHNICITY = 'urn:oid:2.16.840.1.113883.6.238';
export const LANGUAGE = 'urn:ietf:bcp:47';

export interface Code {
  readonly code: string;
  readonly display: string;
}
