export * from './news2-chart.ts';
export * from './news2-response.ts';
export * from './news2.ts';
export * from './news2-fhir.ts';
