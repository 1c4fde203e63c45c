import type { LabKnowledge } from './types.ts';
import { medlinePlusTest } from './types.ts';

// Cholesterol panel (MedlinePlus "Cholesterol Levels"), thyroid, heart strain and infection tests.

const CHOLESTEROL = medlinePlusTest('Cholesterol Levels', 'cholesterol-levels');
const LIPID_WHY_EN =
  'It is part of a cholesterol (lipid) panel, used to check your chance of heart disease and stroke.';
const LIPID_WHY_ES =
  'Forma parte del perfil de lípidos (colesterol), que sirve para ver el riesgo de enfermedad del corazón y derrame cerebral.';

export const OTHER_TESTS: readonly LabKnowledge[] = [
  {
    codes: ['2093-3', '14647-2'],
    group: 'lipids',
    source: CHOLESTEROL,
    text: {
      en: {
        title: 'Total cholesterol',
        measures:
          'All the cholesterol in your blood. Cholesterol is a waxy fat your body needs, but too much can build up in blood vessels.',
        why: LIPID_WHY_EN,
        high: 'High cholesterol can slowly narrow blood vessels and raise the chance of heart attack and stroke. Food, activity, weight, family history and medicines all play a part.',
      },
      es: {
        title: 'Colesterol total',
        measures:
          'Todo el colesterol de la sangre. El colesterol es una grasa que el cuerpo necesita, pero en exceso se acumula en los vasos sanguíneos.',
        why: LIPID_WHY_ES,
        high: 'El colesterol alto puede ir estrechando los vasos sanguíneos y aumentar el riesgo de infarto y derrame cerebral. Influyen la comida, la actividad física, el peso, la familia y los medicamentos.',
      },
    },
  },
  {
    codes: ['2085-9'],
    group: 'lipids',
    source: CHOLESTEROL,
    text: {
      en: {
        title: 'HDL ("good") cholesterol',
        measures: 'The cholesterol carried by HDL, which helps remove extra cholesterol from your blood.',
        why: LIPID_WHY_EN,
        low: 'Low HDL can raise the chance of heart disease. Being active, not smoking and keeping a healthy weight can help raise it. For HDL, higher is usually better.',
      },
      es: {
        title: 'Colesterol HDL ("bueno")',
        measures: 'El colesterol que lleva el HDL, que ayuda a sacar el exceso de colesterol de la sangre.',
        why: LIPID_WHY_ES,
        low: 'Un HDL bajo puede aumentar el riesgo de enfermedad del corazón. Hacer ejercicio, no fumar y mantener un peso sano ayudan a subirlo. En el HDL, más alto suele ser mejor.',
      },
    },
  },
  {
    codes: ['18262-6', '13457-7', '2089-1'],
    group: 'lipids',
    source: CHOLESTEROL,
    text: {
      en: {
        title: 'LDL ("bad") cholesterol',
        measures:
          'The cholesterol carried by LDL, the kind that can build up in the walls of your blood vessels.',
        why: LIPID_WHY_EN + ' LDL is the main number used to decide on treatment.',
        high: 'High LDL raises the chance of heart attack and stroke. Your care team looks at it together with your other risks, such as diabetes, blood pressure and smoking.',
      },
      es: {
        title: 'Colesterol LDL ("malo")',
        measures:
          'El colesterol que lleva el LDL, el tipo que se puede acumular en las paredes de los vasos sanguíneos.',
        why: LIPID_WHY_ES + ' El LDL es el número principal para decidir el tratamiento.',
        high: 'Un LDL alto aumenta el riesgo de infarto y derrame cerebral. Su equipo de salud lo valora junto con sus otros riesgos, como la diabetes, la presión arterial y el tabaco.',
      },
    },
  },
  {
    codes: ['2571-8', '3043-7'],
    group: 'lipids',
    source: medlinePlusTest('Triglycerides Test', 'triglycerides-test'),
    text: {
      en: {
        title: 'Triglycerides',
        measures: 'A type of fat in your blood. Your body stores extra calories as triglycerides.',
        why: LIPID_WHY_EN,
        high: 'High triglycerides can raise the chance of heart disease. Eating shortly before the test, sugar, alcohol, extra weight and uncontrolled diabetes can raise them. Very high levels can also harm the pancreas.',
      },
      es: {
        title: 'Triglicéridos',
        measures:
          'Un tipo de grasa de la sangre. El cuerpo guarda las calorías que sobran en forma de triglicéridos.',
        why: LIPID_WHY_ES,
        high: 'Los triglicéridos altos pueden aumentar el riesgo de enfermedad del corazón. Pueden subir por comer poco antes del análisis, por el azúcar, el alcohol, el sobrepeso o la diabetes sin control. Si están muy altos, también pueden dañar el páncreas.',
      },
    },
  },
  {
    codes: ['3016-3', '11580-8'],
    group: 'thyroid',
    source: medlinePlusTest('Thyroid Stimulating Hormone (TSH) Test', 'thyroid-stimulating-hormone-tsh-test'),
    text: {
      en: {
        title: 'Thyroid-stimulating hormone (TSH)',
        measures: 'A hormone from the brain that tells your thyroid gland how much thyroid hormone to make.',
        why: 'It is the main test to check how well your thyroid is working.',
        high: 'A high TSH usually means the thyroid is underactive (not making enough hormone). This can cause tiredness, weight gain and feeling cold.',
        low: 'A low TSH usually means the thyroid is overactive (making too much hormone). This can cause a fast heartbeat, weight loss and feeling nervous.',
      },
      es: {
        title: 'Hormona estimulante de la tiroides (TSH)',
        measures:
          'Una hormona del cerebro que le indica a la glándula tiroides cuánta hormona tiroidea debe producir.',
        why: 'Es el análisis principal para saber cómo funciona la tiroides.',
        high: 'Una TSH alta suele indicar que la tiroides trabaja poco (produce poca hormona). Esto puede causar cansancio, aumento de peso y sensación de frío.',
        low: 'Una TSH baja suele indicar que la tiroides trabaja de más (produce demasiada hormona). Esto puede causar latidos rápidos, pérdida de peso y nerviosismo.',
      },
    },
  },
  {
    codes: ['3024-7'],
    group: 'thyroid',
    source: medlinePlusTest('Thyroxine (T4) Test', 'thyroxine-t4-test'),
    text: {
      en: {
        title: 'Free thyroxine (free T4)',
        measures: 'The main hormone made by your thyroid gland, in the form your body can use.',
        why: 'It is often checked with TSH to understand how the thyroid is working.',
        high: 'A high level can mean an overactive thyroid.',
        low: 'A low level can mean an underactive thyroid.',
      },
      es: {
        title: 'Tiroxina libre (T4 libre)',
        measures: 'La principal hormona que produce la tiroides, en la forma que el cuerpo puede usar.',
        why: 'Suele medirse junto con la TSH para entender cómo funciona la tiroides.',
        high: 'Un nivel alto puede indicar que la tiroides trabaja de más.',
        low: 'Un nivel bajo puede indicar que la tiroides trabaja poco.',
      },
    },
  },
  {
    codes: ['33762-6', '30934-4'],
    group: 'heart',
    source: medlinePlusTest('Brain Natriuretic Peptide (BNP) Test', 'brain-natriuretic-peptide-bnp-test'),
    text: {
      en: {
        title: 'Heart strain test (NT-proBNP)',
        measures: 'A substance the heart releases when it has to work harder than normal.',
        why: 'It helps check for heart failure and follow it over time.',
        high: 'A high level can mean the heart is under strain, as in heart failure. Age and kidney problems can also raise it.',
      },
      es: {
        title: 'Prueba de esfuerzo del corazón (NT-proBNP)',
        measures: 'Una sustancia que el corazón libera cuando tiene que trabajar más de lo normal.',
        why: 'Ayuda a detectar la insuficiencia cardíaca y a seguirla con el tiempo.',
        high: 'Un nivel alto puede indicar que el corazón está sobrecargado, como en la insuficiencia cardíaca. La edad y los problemas de los riñones también pueden subirlo.',
      },
    },
  },
  {
    codes: ['94500-6', '94309-2', '94531-1'],
    group: 'infection',
    source: medlinePlusTest('COVID-19 Tests', 'covid-19-tests'),
    text: {
      en: {
        title: 'COVID-19 test (PCR)',
        measures:
          'Whether genetic material from the virus that causes COVID-19 is found in a sample from your nose or throat.',
        why: 'It is done when you have symptoms, after contact with someone who has COVID-19, or before some procedures.',
        abnormal:
          'A positive result means you most likely have COVID-19 now. Follow your care team’s advice about rest, treatment and staying away from others.',
      },
      es: {
        title: 'Prueba de COVID-19 (PCR)',
        measures:
          'Si en una muestra de la nariz o la garganta se encuentra material genético del virus que causa la COVID-19.',
        why: 'Se hace cuando hay síntomas, después de estar con alguien que tiene COVID-19 o antes de algunos procedimientos.',
        abnormal:
          'Un resultado positivo significa que lo más probable es que tenga COVID-19 ahora. Siga los consejos de su equipo de salud sobre reposo, tratamiento y cómo evitar contagiar a otros.',
      },
    },
  },
];
