// FHIR R4 types for the app: the maintained typings the server uses too (@medplum/fhirtypes, types
// only, nothing reaches the bundle).
export type {
  Bundle,
  BundleEntry,
  BundleLink,
  OperationOutcome,
  OperationOutcomeIssue,
  Reference,
  Resource,
  ResourceType,
} from '@medplum/fhirtypes';
