// Curated typical adult ranges per LOINC, in UCUM units, used only when a result carries no
// referenceRange of its own. The UI labels them "typical range", never "your lab's range": every
// laboratory sets its own, and these are the general figures patient-facing references print.
//
// Boundaries: a value equal to `low` or `high` is within the range (normal). Critical limits are
// exclusive: a value below `criticalLow` or above `criticalHigh` is critical.

export type Sex = 'male' | 'female';

export interface Citation {
  readonly title: string;
  readonly url: string;
}

export interface TypicalRange {
  readonly low?: number;
  readonly high?: number;
  /** Critical (urgent) limits, only where a published source gives them. */
  readonly criticalLow?: number;
  readonly criticalHigh?: number;
  /** Applies to this sex only; ranges without `sex` apply to everyone. */
  readonly sex?: Sex;
  /** Age bounds in completed years, inclusive of `minAge`, exclusive of `maxAge`. Default: adults (18+). */
  readonly minAge?: number;
  readonly maxAge?: number;
  /** A short qualifier shown with the range, as a labs.json key (e.g. fasting). */
  readonly note?: 'fasting' | 'adults20';
}

export interface TypicalRangeSet {
  /** The UCUM code the limits are expressed in. */
  readonly unit: string;
  /** Other UCUM codes with the same scale (mEq/L equals mmol/L for monovalent ions). */
  readonly equivalentUnits?: readonly string[];
  readonly ranges: readonly TypicalRange[];
  readonly source: Citation;
  readonly criticalSource?: Citation;
}

const medlineplus = (title: string, path: string): Citation => ({
  title: `MedlinePlus: ${title}`,
  url: `https://medlineplus.gov/lab-tests/${path}/`,
});

// Kost GJ. Critical limits for urgent clinician notification at US medical centers.
// JAMA 1990;263(5):704-707: mean critical limits reported by US medical centres.
const KOST_1990: Citation = {
  title:
    'Kost GJ. Critical limits for urgent clinician notification at US medical centers. JAMA 1990;263:704-707',
  url: 'https://pubmed.ncbi.nlm.nih.gov/2296126/',
};
// Royal College of Physicians. National Early Warning Score (NEWS) 2, 2017, chart 1: a single
// parameter scoring 3 (a "red score") calls for urgent clinical review.
const NEWS2: Citation = {
  title: 'Royal College of Physicians. National Early Warning Score (NEWS) 2, 2017, chart 1',
  url: 'https://www.rcp.ac.uk/improving-care/resources/national-early-warning-score-news-2/',
};
// Whelton PK et al. 2017 ACC/AHA blood pressure guideline: normal < 120/< 80 mm Hg; hypertensive
// crisis > 180 and/or > 120 mm Hg. MedlinePlus "Low Blood Pressure": lower than 90/60 is low.
const ACC_AHA_2017: Citation = {
  title: '2017 ACC/AHA Guideline for High Blood Pressure in Adults (Hypertension 2018;71:e13-e115)',
  url: 'https://www.ahajournals.org/doi/10.1161/HYP.0000000000000065',
};
const ADA_2024: Citation = {
  title: 'American Diabetes Association. Standards of Care in Diabetes-2024, section 2 (diagnosis)',
  url: 'https://diabetesjournals.org/care/article/47/Supplement_1/S20/153954',
};
const KDIGO_2012: Citation = {
  title: 'KDIGO 2012 Clinical Practice Guideline for the Evaluation and Management of CKD, chapter 1',
  url: 'https://kdigo.org/guidelines/ckd-evaluation-and-management/',
};
const CDC_BMI: Citation = {
  title: 'CDC: Adult BMI categories',
  url: 'https://www.cdc.gov/bmi/adult-calculator/bmi-categories.html',
};

const DIFFERENTIAL: Citation = {
  title: 'MedlinePlus: Blood differential test',
  url: 'https://medlineplus.gov/ency/article/003657.htm',
};

const blood = (unit: string, ranges: readonly TypicalRange[], source: Citation): TypicalRangeSet => ({
  unit,
  ranges,
  source,
});
const ion = (ranges: readonly TypicalRange[], source: Citation): TypicalRangeSet => ({
  unit: 'mmol/L',
  equivalentUnits: ['meq/L', 'mEq/L'],
  ranges,
  source,
  criticalSource: KOST_1990,
});

const glucose: TypicalRangeSet = {
  unit: 'mg/dL',
  // ADA 2024: normal fasting plasma glucose < 100 mg/dL; level 1 hypoglycaemia < 70 mg/dL.
  ranges: [{ low: 70, high: 99, criticalLow: 46, criticalHigh: 484, note: 'fasting' }],
  source: ADA_2024,
  criticalSource: KOST_1990,
};
const creatinine = blood(
  'mg/dL',
  [
    { sex: 'male', low: 0.7, high: 1.3 },
    { sex: 'female', low: 0.6, high: 1.1 },
  ],
  medlineplus('Creatinine Test', 'creatinine-test'),
);
const egfr = blood('mL/min/{1.73_m2}', [{ low: 60 }], KDIGO_2012);
const urea = blood(
  'mg/dL',
  [{ low: 6, high: 20 }],
  medlineplus('BUN (Blood Urea Nitrogen)', 'bun-blood-urea-nitrogen'),
);
const sodium = ion(
  [{ low: 135, high: 145, criticalLow: 120, criticalHigh: 158 }],
  medlineplus('Sodium Blood Test', 'sodium-blood-test'),
);
const potassium = ion(
  [{ low: 3.7, high: 5.2, criticalLow: 2.8, criticalHigh: 6.2 }],
  medlineplus('Potassium Blood Test', 'potassium-blood-test'),
);
const chloride = ion([{ low: 96, high: 106 }], medlineplus('Chloride Blood Test', 'chloride-blood-test'));
const bicarbonate = ion([{ low: 23, high: 29 }], medlineplus('CO2 Blood Test', 'co2-blood-test'));
const calcium: TypicalRangeSet = {
  unit: 'mg/dL',
  ranges: [{ low: 8.5, high: 10.2, criticalLow: 6.6, criticalHigh: 12.9 }],
  source: medlineplus('Calcium Blood Test', 'calcium-blood-test'),
  criticalSource: KOST_1990,
};
const ldl = blood('mg/dL', [{ high: 99 }], medlineplus('Cholesterol Levels', 'cholesterol-levels'));
const temperature: TypicalRangeSet = {
  unit: 'Cel',
  // NEWS2 chart 1: 36.1-38.0 °C scores 0; 35.0 °C or lower scores 3.
  ranges: [{ low: 36.1, high: 38.0, criticalLow: 35.1 }],
  source: NEWS2,
  criticalSource: NEWS2,
};
const oxygenSaturation: TypicalRangeSet = {
  unit: '%',
  // MedlinePlus "Pulse Oximetry": 95-100% is normal for most healthy people; NEWS2 scale 1: 91% or lower scores 3.
  ranges: [{ low: 95, high: 100, criticalLow: 92 }],
  source: medlineplus('Pulse Oximetry', 'pulse-oximetry'),
  criticalSource: NEWS2,
};
const egfrCodes = ['33914-3', '62238-1', '98979-8'];

const TABLE: Readonly<Record<string, TypicalRangeSet>> = {
  // Vital signs
  '8480-6': {
    unit: 'mm[Hg]',
    // Systolic 90-119 (ACC/AHA normal < 120; MedlinePlus "Low Blood Pressure": lower than 90 is low);
    // critical below 90 (NEWS2 scores 3 from 90 down; 90 itself stays in MedlinePlus' normal) or in
    // hypertensive crisis above 180.
    ranges: [{ low: 90, high: 119, criticalLow: 90, criticalHigh: 180 }],
    source: ACC_AHA_2017,
    criticalSource: ACC_AHA_2017,
  },
  '8462-4': {
    unit: 'mm[Hg]',
    ranges: [{ low: 60, high: 79, criticalHigh: 120 }],
    source: ACC_AHA_2017,
    criticalSource: ACC_AHA_2017,
  },
  '8867-4': {
    unit: '/min',
    // MedlinePlus "Vital Signs": adult resting pulse 60-100; NEWS2: ≤ 40 or ≥ 131 scores 3.
    ranges: [{ low: 60, high: 100, criticalLow: 41, criticalHigh: 130 }],
    source: { title: 'MedlinePlus: Vital Signs', url: 'https://medlineplus.gov/ency/article/002341.htm' },
    criticalSource: NEWS2,
  },
  '9279-1': {
    unit: '/min',
    // NEWS2 chart 1: 12-20 breaths/min scores 0; ≤ 8 or ≥ 25 scores 3.
    ranges: [{ low: 12, high: 20, criticalLow: 9, criticalHigh: 24 }],
    source: NEWS2,
    criticalSource: NEWS2,
  },
  '59408-5': oxygenSaturation,
  '2708-6': oxygenSaturation,
  '8310-5': temperature,
  '8331-1': temperature,
  '39156-5': {
    unit: 'kg/m2',
    // CDC: 18.5 to < 25 healthy weight for adults aged 20 and older.
    ranges: [{ low: 18.5, high: 24.9, minAge: 20, note: 'adults20' }],
    source: CDC_BMI,
  },
  // Diabetes
  '4548-4': blood('%', [{ high: 5.6 }], ADA_2024), // ADA 2024: 5.7-6.4% prediabetes, ≥ 6.5% diabetes
  '2345-7': glucose,
  '2339-0': glucose,
  // Kidneys and electrolytes (basic metabolic panel)
  '2160-0': creatinine,
  '38483-4': creatinine,
  ...Object.fromEntries(egfrCodes.map((code) => [code, egfr])),
  '3094-0': urea,
  '6299-2': urea,
  '2951-2': sodium,
  '2947-0': sodium,
  '2823-3': potassium,
  '6298-4': potassium,
  '2075-0': chloride,
  '2069-3': chloride,
  '2028-9': bicarbonate,
  '20565-8': bicarbonate,
  '17861-6': calcium,
  '49765-1': calcium,
  '14959-1': blood(
    'mg/g',
    [{ high: 29 }],
    medlineplus('Microalbumin Creatinine Ratio', 'microalbumin-creatinine-ratio'),
  ),
  // Liver and proteins (comprehensive metabolic panel)
  '2885-2': blood(
    'g/dL',
    [{ low: 6.0, high: 8.3 }],
    medlineplus(
      'Total Protein and Albumin/Globulin (A/G) Ratio',
      'total-protein-and-albumin-globulin-ag-ratio',
    ),
  ),
  '1751-7': blood('g/dL', [{ low: 3.4, high: 5.4 }], medlineplus('Albumin Blood Test', 'albumin-blood-test')),
  '10834-0': blood(
    'g/dL',
    [{ low: 2.0, high: 3.5 }],
    medlineplus(
      'Total Protein and Albumin/Globulin (A/G) Ratio',
      'total-protein-and-albumin-globulin-ag-ratio',
    ),
  ),
  '1975-2': blood(
    'mg/dL',
    [{ low: 0.1, high: 1.2 }],
    medlineplus('Bilirubin Blood Test', 'bilirubin-blood-test'),
  ),
  '6768-6': blood(
    'U/L',
    [{ low: 44, high: 147 }],
    medlineplus('Alkaline Phosphatase', 'alkaline-phosphatase'),
  ),
  '1742-6': blood('U/L', [{ low: 4, high: 36 }], medlineplus('ALT Blood Test', 'alt-blood-test')),
  '1920-8': blood('U/L', [{ low: 8, high: 33 }], medlineplus('AST Test', 'ast-test')),
  // Lipids (MedlinePlus "Cholesterol Levels": healthy levels for adults)
  '2093-3': blood('mg/dL', [{ high: 199 }], medlineplus('Cholesterol Levels', 'cholesterol-levels')),
  '2085-9': blood(
    'mg/dL',
    [
      { sex: 'male', low: 40 },
      { sex: 'female', low: 50 },
    ],
    medlineplus('Cholesterol Levels', 'cholesterol-levels'),
  ),
  '18262-6': ldl,
  '13457-7': ldl,
  '2571-8': blood('mg/dL', [{ high: 149 }], medlineplus('Triglycerides Test', 'triglycerides-test')),
  // Complete blood count (MedlinePlus "Complete Blood Count (CBC)", normal results)
  '6690-2': {
    unit: '10*3/uL',
    ranges: [{ low: 4.5, high: 11.0, criticalLow: 2.0, criticalHigh: 37.0 }],
    source: medlineplus('Complete Blood Count (CBC)', 'complete-blood-count-cbc'),
    criticalSource: KOST_1990,
  },
  '789-8': blood(
    '10*6/uL',
    [
      { sex: 'male', low: 4.7, high: 6.1 },
      { sex: 'female', low: 4.2, high: 5.4 },
    ],
    medlineplus('Red Blood Cell (RBC) Count', 'red-blood-cell-rbc-count'),
  ),
  '718-7': {
    unit: 'g/dL',
    ranges: [
      { sex: 'male', low: 13.8, high: 17.2, criticalLow: 6.6, criticalHigh: 19.9 },
      { sex: 'female', low: 12.1, high: 15.1, criticalLow: 6.6, criticalHigh: 19.9 },
    ],
    source: medlineplus('Hemoglobin Test', 'hemoglobin-test'),
    criticalSource: KOST_1990,
  },
  '4544-3': blood(
    '%',
    [
      { sex: 'male', low: 40.7, high: 50.3 },
      { sex: 'female', low: 36.1, high: 44.3 },
    ],
    medlineplus('Hematocrit Test', 'hematocrit-test'),
  ),
  '787-2': blood(
    'fL',
    [{ low: 80, high: 100 }],
    medlineplus('Complete Blood Count (CBC)', 'complete-blood-count-cbc'),
  ),
  '785-6': blood(
    'pg',
    [{ low: 27, high: 31 }],
    medlineplus('Complete Blood Count (CBC)', 'complete-blood-count-cbc'),
  ),
  '786-4': blood(
    'g/dL',
    [{ low: 32, high: 36 }],
    medlineplus('Complete Blood Count (CBC)', 'complete-blood-count-cbc'),
  ),
  '777-3': {
    unit: '10*3/uL',
    ranges: [{ low: 150, high: 400, criticalLow: 37, criticalHigh: 910 }],
    source: medlineplus('Platelet Tests', 'platelet-tests'),
    criticalSource: KOST_1990,
  },
  // White blood cell differential, as a share of all white cells (MedlinePlus "Blood differential test").
  '770-8': blood('%', [{ low: 40, high: 60 }], DIFFERENTIAL),
  '736-9': blood('%', [{ low: 20, high: 40 }], DIFFERENTIAL),
  '5905-5': blood('%', [{ low: 2, high: 8 }], DIFFERENTIAL),
  '713-8': blood('%', [{ low: 1, high: 4 }], DIFFERENTIAL),
  '706-2': blood('%', [{ low: 0.5, high: 1 }], DIFFERENTIAL),
  // Other common tests
  '3016-3': blood(
    'm[IU]/L',
    [{ low: 0.5, high: 5.0 }],
    medlineplus('Thyroid Stimulating Hormone (TSH) Test', 'thyroid-stimulating-hormone-tsh-test'),
  ),
  '3024-7': blood(
    'ng/dL',
    [{ low: 0.9, high: 2.3 }],
    medlineplus('Thyroxine (T4) Test', 'thyroxine-t4-test'),
  ),
  '6301-6': blood(
    '{INR}',
    [{ low: 0.8, high: 1.1 }],
    medlineplus('Prothrombin Time Test and INR (PT/INR)', 'prothrombin-time-test-and-inr-ptinr'),
  ),
  '33762-6': blood(
    'pg/mL',
    // MedlinePlus "BNP Test": NT-proBNP below 125 pg/mL (under 75) or 450 pg/mL (75 and older).
    [
      { high: 125, maxAge: 75 },
      { high: 450, minAge: 75 },
    ],
    medlineplus('Brain Natriuretic Peptide (BNP) Test', 'brain-natriuretic-peptide-bnp-test'),
  ),
  // Urinalysis (MedlinePlus "Urinalysis")
  '5811-5': blood(
    '1',
    [{ low: 1.005, high: 1.03 }],
    medlineplus('Urine Specific Gravity Test', 'urine-specific-gravity-test'),
  ),
  '5803-2': blood('[pH]', [{ low: 4.5, high: 8.0 }], medlineplus('Urinalysis', 'urinalysis')),
};

export function typicalRangeSet(code: string): TypicalRangeSet | undefined {
  return TABLE[code];
}

/** The typical range that applies to a person, or undefined (unknown sex for a sex-specific test, a child, …). */
export function selectTypicalRange(
  set: TypicalRangeSet,
  person: { sex?: Sex | undefined; ageYears?: number | undefined },
): TypicalRange | undefined {
  return set.ranges.find((range) => {
    if (range.sex !== undefined && range.sex !== person.sex) return false;
    const minAge = range.minAge ?? 18;
    // Without a known age the adult range is still the best general guide.
    if (person.ageYears === undefined) return true;
    if (person.ageYears < minAge) return false;
    return range.maxAge === undefined || person.ageYears < range.maxAge;
  });
}

export function typicalRangeCodes(): string[] {
  return Object.keys(TABLE);
}
