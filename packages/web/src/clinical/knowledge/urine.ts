import type { LabKnowledge } from './types.ts';
import { medlinePlusTest } from './types.ts';

// Urinalysis by test strip and by eye (MedlinePlus "Urinalysis").

const URINALYSIS = medlinePlusTest('Urinalysis', 'urinalysis');
const WHY_EN =
  'It is part of a urinalysis, a common check of your urine at checkups and when you have symptoms.';
const WHY_ES = 'Forma parte del análisis de orina, una revisión común en los chequeos y cuando hay síntomas.';

export const URINE: readonly LabKnowledge[] = [
  {
    codes: ['5778-6'],
    group: 'urine',
    source: URINALYSIS,
    text: {
      en: {
        title: 'Urine color',
        measures: 'The color of your urine. Normal urine is pale yellow to deep amber.',
        why: WHY_EN,
        abnormal:
          'Color changes often come from how much you drink, foods or medicines. Red or brown urine can mean blood and should be checked.',
      },
      es: {
        title: 'Color de la orina',
        measures: 'El color de la orina. Lo normal es de amarillo claro a ámbar oscuro.',
        why: WHY_ES,
        abnormal:
          'Los cambios de color suelen deberse a cuánto líquido toma, a alimentos o a medicamentos. La orina roja o marrón puede indicar sangre y hay que revisarla.',
      },
    },
  },
  {
    codes: ['5767-9'],
    group: 'urine',
    source: URINALYSIS,
    text: {
      en: {
        title: 'Urine clarity',
        measures: 'Whether your urine is clear or cloudy.',
        why: WHY_EN,
        abnormal: 'Cloudy urine can come from an infection, crystals, or mucus, but is not always a problem.',
      },
      es: {
        title: 'Aspecto de la orina',
        measures: 'Si la orina se ve transparente o turbia.',
        why: WHY_ES,
        abnormal:
          'La orina turbia puede deberse a una infección, a cristales o a mucosidad, aunque no siempre es un problema.',
      },
    },
  },
  {
    codes: ['5811-5', '2965-2'],
    group: 'urine',
    source: medlinePlusTest('Urine Specific Gravity Test', 'urine-specific-gravity-test'),
    text: {
      en: {
        title: 'Urine concentration (specific gravity)',
        measures: 'How concentrated your urine is, compared with water.',
        why: WHY_EN + ' It shows how well your kidneys balance water.',
        high: 'Very concentrated urine most often means you need more fluids. It can also come with sugar or protein in the urine.',
        low: 'Very watery urine can come from drinking a lot of fluids, water pills, or some kidney or hormone problems.',
      },
      es: {
        title: 'Concentración de la orina (densidad)',
        measures: 'Qué tan concentrada está la orina, comparada con el agua.',
        why: WHY_ES + ' Muestra qué tan bien equilibran el agua los riñones.',
        high: 'Una orina muy concentrada casi siempre indica que le falta tomar más líquido. También puede darse cuando hay azúcar o proteína en la orina.',
        low: 'Una orina muy diluida puede deberse a tomar mucho líquido, a diuréticos o a algunos problemas de los riñones o de las hormonas.',
      },
    },
  },
  {
    codes: ['5803-2', '2756-5'],
    group: 'urine',
    source: URINALYSIS,
    text: {
      en: {
        title: 'Urine acidity (pH)',
        measures: 'How acidic or basic your urine is.',
        why: WHY_EN,
        high: 'Less acidic (higher pH) urine can come with some urinary infections, diet, or some kidney conditions.',
        low: 'More acidic (lower pH) urine can come with diet, uncontrolled diabetes, or not drinking enough fluids.',
      },
      es: {
        title: 'Acidez de la orina (pH)',
        measures: 'Qué tan ácida o alcalina es la orina.',
        why: WHY_ES,
        high: 'Una orina menos ácida (pH más alto) puede darse con algunas infecciones de orina, por la dieta o con algunas enfermedades de los riñones.',
        low: 'Una orina más ácida (pH más bajo) puede deberse a la dieta, a diabetes sin control o a tomar poco líquido.',
      },
    },
  },
  {
    codes: ['20454-5', '5804-0', '2888-6'],
    group: 'urine',
    source: medlinePlusTest('Protein in Urine', 'protein-in-urine'),
    text: {
      en: {
        title: 'Protein in urine',
        measures:
          'Whether there is protein in your urine. Healthy kidneys keep almost all protein in the blood.',
        why: WHY_EN,
        abnormal:
          'Protein in the urine can be a sign of kidney problems. Fever, hard exercise or stress can also cause a little for a short time.',
      },
      es: {
        title: 'Proteína en la orina',
        measures:
          'Si hay proteína en la orina. Los riñones sanos mantienen casi toda la proteína en la sangre.',
        why: WHY_ES,
        abnormal:
          'La proteína en la orina puede ser señal de problemas de los riñones. La fiebre, el ejercicio intenso o el estrés también pueden causar un poco por poco tiempo.',
      },
    },
  },
  {
    codes: ['25428-4', '5792-7', '2350-7'],
    group: 'urine',
    source: medlinePlusTest('Glucose in Urine Test', 'glucose-in-urine-test'),
    text: {
      en: {
        title: 'Sugar in urine (glucose)',
        measures: 'Whether there is sugar (glucose) in your urine. Normally there is none or very little.',
        why: WHY_EN,
        abnormal:
          'Sugar in the urine most often means blood sugar is high, as in diabetes. Some diabetes medicines also cause it on purpose.',
      },
      es: {
        title: 'Azúcar en la orina (glucosa)',
        measures: 'Si hay azúcar (glucosa) en la orina. Normalmente no hay o hay muy poca.',
        why: WHY_ES,
        abnormal:
          'El azúcar en la orina casi siempre indica que el azúcar en la sangre está alto, como en la diabetes. Algunos medicamentos para la diabetes también lo causan a propósito.',
      },
    },
  },
  {
    codes: ['33903-6', '2514-8', '5797-6'],
    group: 'urine',
    source: medlinePlusTest('Ketones in Urine', 'ketones-in-urine'),
    text: {
      en: {
        title: 'Ketones in urine',
        measures:
          'Whether there are ketones in your urine. The body makes ketones when it burns fat for energy instead of sugar.',
        why: WHY_EN + ' It is also checked in people with diabetes.',
        abnormal:
          'Ketones can show up after not eating, with a very low-carbohydrate diet, or with vomiting. In people with diabetes, ketones can be a sign of a serious problem that needs care quickly.',
      },
      es: {
        title: 'Cetonas en la orina',
        measures:
          'Si hay cetonas en la orina. El cuerpo produce cetonas cuando usa grasa como energía en lugar de azúcar.',
        why: WHY_ES + ' También se revisa en personas con diabetes.',
        abnormal:
          'Las cetonas pueden aparecer tras pasar tiempo sin comer, con dietas muy bajas en carbohidratos o con vómitos. En personas con diabetes pueden ser señal de un problema grave que necesita atención rápida.',
      },
    },
  },
  {
    codes: ['5794-3', '105906-2'],
    group: 'urine',
    source: URINALYSIS,
    text: {
      en: {
        title: 'Blood in urine',
        measures: 'Whether there is blood (hemoglobin) in your urine, even in amounts too small to see.',
        why: WHY_EN,
        abnormal:
          'Blood in the urine can come from an infection, kidney stones, hard exercise or menstrual blood. Sometimes it needs more tests to find the cause.',
      },
      es: {
        title: 'Sangre en la orina',
        measures:
          'Si hay sangre (hemoglobina) en la orina, incluso en cantidades tan pequeñas que no se ven.',
        why: WHY_ES,
        abnormal:
          'La sangre en la orina puede deberse a una infección, piedras en el riñón, ejercicio intenso o sangre de la menstruación. A veces hacen falta más pruebas para saber la causa.',
      },
    },
  },
  {
    codes: ['5802-4'],
    group: 'urine',
    source: URINALYSIS,
    text: {
      en: {
        title: 'Nitrite in urine',
        measures: 'Whether there is nitrite in your urine. Some bacteria turn nitrate into nitrite.',
        why: WHY_EN + ' It helps find urinary tract infections.',
        abnormal: 'Nitrite in the urine often points to a bladder or urinary tract infection.',
      },
      es: {
        title: 'Nitritos en la orina',
        measures: 'Si hay nitritos en la orina. Algunas bacterias convierten los nitratos en nitritos.',
        why: WHY_ES + ' Ayuda a detectar infecciones de las vías urinarias.',
        abnormal:
          'Los nitritos en la orina suelen indicar una infección de la vejiga o de las vías urinarias.',
      },
    },
  },
  {
    codes: ['5799-2', '105105-1'],
    group: 'urine',
    source: URINALYSIS,
    text: {
      en: {
        title: 'White blood cells in urine (leukocyte esterase)',
        measures: 'Whether there are signs of white blood cells in your urine.',
        why: WHY_EN + ' It helps find urinary tract infections.',
        abnormal:
          'White blood cells in the urine often mean an infection or inflammation in the urinary tract.',
      },
      es: {
        title: 'Glóbulos blancos en la orina (esterasa leucocitaria)',
        measures: 'Si hay señales de glóbulos blancos en la orina.',
        why: WHY_ES + ' Ayuda a detectar infecciones de las vías urinarias.',
        abnormal:
          'Los glóbulos blancos en la orina suelen indicar una infección o una inflamación en las vías urinarias.',
      },
    },
  },
  {
    codes: ['5770-3', '1977-8'],
    group: 'urine',
    source: URINALYSIS,
    text: {
      en: {
        title: 'Bilirubin in urine',
        measures: 'Whether there is bilirubin in your urine. Normally there is none.',
        why: WHY_EN,
        abnormal: 'Bilirubin in the urine can be a sign of a liver or gallbladder problem.',
      },
      es: {
        title: 'Bilirrubina en la orina',
        measures: 'Si hay bilirrubina en la orina. Normalmente no hay.',
        why: WHY_ES,
        abnormal: 'La bilirrubina en la orina puede ser señal de un problema del hígado o de la vesícula.',
      },
    },
  },
];
