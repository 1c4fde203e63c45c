import type { LabKnowledge } from './types.ts';
import { medlinePlusTest } from './types.ts';

// Diabetes, kidney and electrolyte tests (basic metabolic panel) and liver tests (the rest of the
// comprehensive metabolic panel). MedlinePlus "Basic Metabolic Panel (BMP)" and "Comprehensive
// Metabolic Panel (CMP)" describe the panels; each entry cites its own test page.

const BMP_WHY_EN =
  'It is part of the basic metabolic panel, a common blood test at checkups and when you are ill.';
const BMP_WHY_ES =
  'Forma parte del panel metabólico básico, un análisis de sangre común en los chequeos y cuando se está enfermo.';
const LIVER_WHY_EN = 'It is part of the liver tests in the comprehensive metabolic panel.';
const LIVER_WHY_ES = 'Forma parte de las pruebas del hígado del panel metabólico completo.';

export const METABOLIC: readonly LabKnowledge[] = [
  {
    codes: ['4548-4', '17856-6'],
    group: 'diabetes',
    source: medlinePlusTest('Hemoglobin A1C (HbA1c) Test', 'hemoglobin-a1c-hba1c-test'),
    text: {
      en: {
        title: 'Hemoglobin A1c (HbA1c)',
        measures: 'Your average blood sugar over the past 2 to 3 months.',
        why: 'It is used to check for diabetes and prediabetes, and to see how well diabetes is controlled.',
        high: 'A high A1c means blood sugar has been high for a while. It can mean prediabetes or diabetes, or that diabetes treatment may need a change.',
      },
      es: {
        title: 'Hemoglobina A1c (HbA1c)',
        measures: 'El promedio de azúcar en la sangre de los últimos 2 a 3 meses.',
        why: 'Sirve para detectar diabetes y prediabetes, y para ver qué tan controlada está la diabetes.',
        high: 'Un A1c alto quiere decir que el azúcar ha estado alto por un tiempo. Puede indicar prediabetes o diabetes, o que el tratamiento de la diabetes necesita un ajuste.',
      },
    },
  },
  {
    codes: ['2345-7', '2339-0', '41653-7', '1558-6'],
    group: 'diabetes',
    source: medlinePlusTest('Blood Glucose Test', 'blood-glucose-test'),
    text: {
      en: {
        title: 'Blood sugar (glucose)',
        measures:
          'The amount of sugar (glucose) in your blood at the time of the test. Glucose is your body’s main source of energy.',
        why: 'It is checked to look for diabetes and to follow it. Results are easiest to compare when taken before eating (fasting).',
        high: 'High blood sugar can be a sign of prediabetes or diabetes. Eating shortly before the test, stress, illness and some medicines can also raise it.',
        low: 'Low blood sugar can cause shakiness, sweating or confusion. It can happen with some diabetes medicines or after not eating for a long time.',
      },
      es: {
        title: 'Azúcar en la sangre (glucosa)',
        measures:
          'La cantidad de azúcar (glucosa) en la sangre en el momento del análisis. La glucosa es la principal fuente de energía del cuerpo.',
        why: 'Se mide para detectar y controlar la diabetes. Los resultados se comparan mejor cuando se toman en ayunas.',
        high: 'El azúcar alto puede ser señal de prediabetes o diabetes. También puede subir si comió poco antes del análisis, por estrés, por una enfermedad o por algunos medicamentos.',
        low: 'El azúcar bajo puede causar temblores, sudor o confusión. Puede pasar con algunos medicamentos para la diabetes o después de pasar mucho tiempo sin comer.',
      },
    },
  },
  {
    codes: ['2160-0', '38483-4'],
    group: 'kidney',
    source: medlinePlusTest('Creatinine Test', 'creatinine-test'),
    text: {
      en: {
        title: 'Creatinine',
        measures: 'A waste product made by your muscles. Healthy kidneys filter it out of the blood.',
        why: 'It shows how well your kidneys are working.',
        high: 'A high level can mean the kidneys are not filtering as well as they should. Not drinking enough fluids, some medicines and a lot of muscle can also raise it.',
        low: 'A low level is usually not a concern. It can be seen in people with less muscle.',
      },
      es: {
        title: 'Creatinina',
        measures:
          'Un desecho que producen los músculos. Los riñones sanos lo filtran y lo sacan de la sangre.',
        why: 'Muestra qué tan bien trabajan los riñones.',
        high: 'Un nivel alto puede indicar que los riñones no filtran tan bien como deberían. También puede subir por tomar poco líquido, por algunos medicamentos o por tener mucha masa muscular.',
        low: 'Un nivel bajo casi nunca es motivo de preocupación. Se ve en personas con poca masa muscular.',
      },
    },
  },
  {
    codes: ['33914-3', '62238-1', '98979-8', '48642-3', '48643-1'],
    group: 'kidney',
    source: medlinePlusTest('Glomerular Filtration Rate (GFR) Test', 'glomerular-filtration-rate-gfr-test'),
    text: {
      en: {
        title: 'Kidney filtering rate (eGFR)',
        measures:
          'An estimate of how much blood your kidneys clean each minute. It is worked out from your creatinine level, age and other factors.',
        why: 'It is one of the best ways to check kidney health and to find kidney disease early.',
        low: 'A low eGFR can mean the kidneys are not working as well as they should. A result that stays low for 3 months or more can be a sign of chronic kidney disease.',
      },
      es: {
        title: 'Filtración de los riñones (TFGe)',
        measures:
          'Un cálculo de cuánta sangre limpian los riñones por minuto. Se obtiene a partir de la creatinina, la edad y otros datos.',
        why: 'Es una de las mejores formas de revisar la salud de los riñones y detectar a tiempo una enfermedad renal.',
        low: 'Una TFGe baja puede indicar que los riñones no funcionan tan bien como deberían. Si se mantiene baja 3 meses o más, puede ser señal de enfermedad renal crónica.',
      },
    },
  },
  {
    codes: ['3094-0', '6299-2'],
    group: 'kidney',
    source: medlinePlusTest('BUN (Blood Urea Nitrogen)', 'bun-blood-urea-nitrogen'),
    text: {
      en: {
        title: 'Urea nitrogen (BUN)',
        measures: 'A waste product made when your body breaks down protein. The kidneys remove it.',
        why: BMP_WHY_EN + ' It helps show how well your kidneys are working.',
        high: 'A high level can come from kidney problems, not drinking enough fluids, a lot of protein in the diet, or bleeding in the stomach or gut.',
        low: 'A low level is not common and is usually not a concern. It can be seen with very little protein in the diet or with liver problems.',
      },
      es: {
        title: 'Nitrógeno ureico (BUN)',
        measures:
          'Un desecho que se forma cuando el cuerpo descompone las proteínas. Los riñones lo eliminan.',
        why: BMP_WHY_ES + ' Ayuda a ver qué tan bien trabajan los riñones.',
        high: 'Un nivel alto puede deberse a problemas de los riñones, a tomar poco líquido, a comer mucha proteína o a un sangrado en el estómago o el intestino.',
        low: 'Un nivel bajo es poco común y casi nunca preocupa. Puede verse con una dieta muy baja en proteínas o con problemas del hígado.',
      },
    },
  },
  {
    codes: ['2951-2', '2947-0'],
    group: 'kidney',
    source: medlinePlusTest('Sodium Blood Test', 'sodium-blood-test'),
    text: {
      en: {
        title: 'Sodium',
        measures:
          'A mineral (electrolyte) that helps control the water in your body and helps nerves and muscles work.',
        why: BMP_WHY_EN,
        high: 'High sodium most often means the body has too little water, for example from not drinking enough or from losing fluids.',
        low: 'Low sodium can come from some medicines (like water pills), drinking a very large amount of water, or heart, kidney or liver problems. It can cause tiredness or confusion.',
      },
      es: {
        title: 'Sodio',
        measures:
          'Un mineral (electrolito) que ayuda a controlar el agua del cuerpo y a que los nervios y músculos funcionen.',
        why: BMP_WHY_ES,
        high: 'El sodio alto casi siempre indica que al cuerpo le falta agua, por ejemplo por tomar poco líquido o por perderlo.',
        low: 'El sodio bajo puede deberse a algunos medicamentos (como los diuréticos), a tomar muchísima agua o a problemas del corazón, los riñones o el hígado. Puede causar cansancio o confusión.',
      },
    },
  },
  {
    codes: ['2823-3', '6298-4'],
    group: 'kidney',
    source: medlinePlusTest('Potassium Blood Test', 'potassium-blood-test'),
    text: {
      en: {
        title: 'Potassium',
        measures: 'A mineral (electrolyte) your heart and muscles need to work properly.',
        why: BMP_WHY_EN + ' It is watched closely with some heart and blood pressure medicines.',
        high: 'High potassium can come from kidney problems or some medicines. Very high levels can affect the heartbeat and need care quickly.',
        low: 'Low potassium can come from vomiting, diarrhea or water pills. It can cause weakness, cramps or an uneven heartbeat.',
      },
      es: {
        title: 'Potasio',
        measures: 'Un mineral (electrolito) que el corazón y los músculos necesitan para funcionar bien.',
        why: BMP_WHY_ES + ' Se vigila de cerca con algunos medicamentos para el corazón y la presión.',
        high: 'El potasio alto puede deberse a problemas de los riñones o a algunos medicamentos. Si está muy alto puede afectar el ritmo del corazón y requiere atención rápida.',
        low: 'El potasio bajo puede deberse a vómitos, diarrea o diuréticos. Puede causar debilidad, calambres o latidos irregulares.',
      },
    },
  },
  {
    codes: ['2075-0', '2069-3'],
    group: 'kidney',
    source: medlinePlusTest('Chloride Blood Test', 'chloride-blood-test'),
    text: {
      en: {
        title: 'Chloride',
        measures:
          'A mineral (electrolyte) that works with sodium to keep the right balance of fluids and acids in your body.',
        why: BMP_WHY_EN,
        high: 'High chloride can come from losing fluids, for example with diarrhea, or from kidney problems.',
        low: 'Low chloride can come from long-lasting vomiting, some medicines, or lung or heart problems.',
      },
      es: {
        title: 'Cloruro',
        measures:
          'Un mineral (electrolito) que trabaja con el sodio para mantener el equilibrio de líquidos y ácidos del cuerpo.',
        why: BMP_WHY_ES,
        high: 'El cloruro alto puede deberse a pérdida de líquidos, por ejemplo con diarrea, o a problemas de los riñones.',
        low: 'El cloruro bajo puede deberse a vómitos que duran mucho, a algunos medicamentos o a problemas de pulmón o de corazón.',
      },
    },
  },
  {
    codes: ['2028-9', '20565-8', '1963-8'],
    group: 'kidney',
    source: medlinePlusTest('CO2 Blood Test', 'co2-blood-test'),
    text: {
      en: {
        title: 'Carbon dioxide (bicarbonate)',
        measures:
          'The amount of bicarbonate in your blood. It helps keep your blood from becoming too acidic.',
        why: BMP_WHY_EN,
        high: 'A high level can come from vomiting, some medicines, or lung problems.',
        low: 'A low level can come from kidney problems, diarrhea, uncontrolled diabetes, or other conditions that make the blood too acidic.',
      },
      es: {
        title: 'Dióxido de carbono (bicarbonato)',
        measures:
          'La cantidad de bicarbonato en la sangre. Ayuda a que la sangre no se vuelva demasiado ácida.',
        why: BMP_WHY_ES,
        high: 'Un nivel alto puede deberse a vómitos, a algunos medicamentos o a problemas de los pulmones.',
        low: 'Un nivel bajo puede deberse a problemas de los riñones, diarrea, diabetes sin control u otras situaciones que vuelven la sangre demasiado ácida.',
      },
    },
  },
  {
    codes: ['17861-6', '49765-1'],
    group: 'kidney',
    source: medlinePlusTest('Calcium Blood Test', 'calcium-blood-test'),
    text: {
      en: {
        title: 'Calcium',
        measures: 'A mineral your bones, heart, nerves and muscles need.',
        why: BMP_WHY_EN,
        high: 'High calcium can come from problems with the parathyroid glands, some cancers, too much vitamin D or calcium pills, or some medicines.',
        low: 'Low calcium can come from low vitamin D, low protein (albumin) in the blood, kidney problems or parathyroid problems. It can cause tingling or muscle cramps.',
      },
      es: {
        title: 'Calcio',
        measures: 'Un mineral que necesitan los huesos, el corazón, los nervios y los músculos.',
        why: BMP_WHY_ES,
        high: 'El calcio alto puede deberse a problemas de las glándulas paratiroides, algunos tipos de cáncer, exceso de vitamina D o de pastillas de calcio, o algunos medicamentos.',
        low: 'El calcio bajo puede deberse a falta de vitamina D, poca proteína (albúmina) en la sangre, problemas de los riñones o de las paratiroides. Puede causar hormigueo o calambres.',
      },
    },
  },
  {
    codes: ['14959-1', '9318-7'],
    group: 'kidney',
    source: medlinePlusTest('Microalbumin Creatinine Ratio', 'microalbumin-creatinine-ratio'),
    text: {
      en: {
        title: 'Protein in urine (albumin-to-creatinine ratio)',
        measures: 'Small amounts of a protein called albumin in your urine, compared with creatinine.',
        why: 'It finds early kidney damage, often before other tests change. It is checked regularly in people with diabetes or high blood pressure.',
        high: 'A high result can be an early sign of kidney damage. Hard exercise, fever or a urinary infection can also raise it for a short time, so it is often repeated.',
      },
      es: {
        title: 'Proteína en la orina (cociente albúmina/creatinina)',
        measures:
          'Pequeñas cantidades de una proteína llamada albúmina en la orina, comparadas con la creatinina.',
        why: 'Detecta daño temprano en los riñones, muchas veces antes que otros análisis. Se revisa con regularidad en personas con diabetes o presión alta.',
        high: 'Un resultado alto puede ser una señal temprana de daño en los riñones. El ejercicio intenso, la fiebre o una infección de orina también pueden subirlo por poco tiempo, así que a menudo se repite.',
      },
    },
  },
  {
    codes: ['2885-2'],
    group: 'liver',
    source: medlinePlusTest(
      'Total Protein and Albumin/Globulin (A/G) Ratio',
      'total-protein-and-albumin-globulin-ag-ratio',
    ),
    text: {
      en: {
        title: 'Total protein',
        measures:
          'The total amount of protein in your blood. Proteins help build and repair the body and fight infection.',
        why: LIVER_WHY_EN + ' It also gives a general picture of nutrition.',
        high: 'A high level can come from not drinking enough fluids, long-lasting inflammation or infection, or some blood disorders.',
        low: 'A low level can come from liver or kidney problems, poor nutrition, or trouble absorbing food.',
      },
      es: {
        title: 'Proteínas totales',
        measures:
          'La cantidad total de proteínas en la sangre. Las proteínas ayudan a formar y reparar el cuerpo y a combatir infecciones.',
        why: LIVER_WHY_ES + ' También da una idea general de la nutrición.',
        high: 'Un nivel alto puede deberse a tomar poco líquido, a inflamación o infección de larga duración o a algunos trastornos de la sangre.',
        low: 'Un nivel bajo puede deberse a problemas del hígado o de los riñones, a mala nutrición o a dificultad para absorber los alimentos.',
      },
    },
  },
  {
    codes: ['1751-7', '61151-7'],
    group: 'liver',
    source: medlinePlusTest('Albumin Blood Test', 'albumin-blood-test'),
    text: {
      en: {
        title: 'Albumin',
        measures: 'The main protein made by your liver. It keeps fluid from leaking out of blood vessels.',
        why: LIVER_WHY_EN,
        high: 'A high level most often means the body has too little water.',
        low: 'A low level can come from liver or kidney problems, poor nutrition, or long-lasting illness. It can cause swelling.',
      },
      es: {
        title: 'Albúmina',
        measures:
          'La proteína principal que produce el hígado. Evita que el líquido se salga de los vasos sanguíneos.',
        why: LIVER_WHY_ES,
        high: 'Un nivel alto casi siempre indica que al cuerpo le falta agua.',
        low: 'Un nivel bajo puede deberse a problemas del hígado o de los riñones, a mala nutrición o a una enfermedad de larga duración. Puede causar hinchazón.',
      },
    },
  },
  {
    codes: ['10834-0'],
    group: 'liver',
    source: medlinePlusTest(
      'Total Protein and Albumin/Globulin (A/G) Ratio',
      'total-protein-and-albumin-globulin-ag-ratio',
    ),
    text: {
      en: {
        title: 'Globulin',
        measures: 'A group of blood proteins, many of which help fight infection.',
        why: LIVER_WHY_EN + ' It is worked out from total protein and albumin.',
        high: 'A high level can come from long-lasting infection or inflammation, or some blood disorders.',
        low: 'A low level can come from liver or kidney problems or a weak immune system.',
      },
      es: {
        title: 'Globulina',
        measures: 'Un grupo de proteínas de la sangre; muchas ayudan a combatir infecciones.',
        why: LIVER_WHY_ES + ' Se calcula a partir de las proteínas totales y la albúmina.',
        high: 'Un nivel alto puede deberse a infección o inflamación de larga duración o a algunos trastornos de la sangre.',
        low: 'Un nivel bajo puede deberse a problemas del hígado o de los riñones o a defensas débiles.',
      },
    },
  },
  {
    codes: ['1975-2'],
    group: 'liver',
    source: medlinePlusTest('Bilirubin Blood Test', 'bilirubin-blood-test'),
    text: {
      en: {
        title: 'Bilirubin',
        measures:
          'A yellow substance made when old red blood cells break down. The liver clears it from the body.',
        why: LIVER_WHY_EN,
        high: 'A high level can come from liver or gallbladder problems, or from red blood cells breaking down too fast. Very high levels can make skin and eyes look yellow (jaundice). A mild rise is common and often harmless.',
      },
      es: {
        title: 'Bilirrubina',
        measures:
          'Una sustancia amarilla que se forma cuando se descomponen los glóbulos rojos viejos. El hígado la elimina.',
        why: LIVER_WHY_ES,
        high: 'Un nivel alto puede deberse a problemas del hígado o de la vesícula, o a que los glóbulos rojos se destruyen demasiado rápido. Si está muy alta, la piel y los ojos se ven amarillos (ictericia). Una subida leve es frecuente y muchas veces no tiene importancia.',
      },
    },
  },
  {
    codes: ['6768-6'],
    group: 'liver',
    source: medlinePlusTest('Alkaline Phosphatase', 'alkaline-phosphatase'),
    text: {
      en: {
        title: 'Alkaline phosphatase (ALP)',
        measures: 'An enzyme found mostly in the liver and bones.',
        why: LIVER_WHY_EN,
        high: 'A high level can come from liver or gallbladder problems or from bone conditions. It is normally higher in children and teens, whose bones are growing, and during pregnancy.',
        low: 'A low level is not common. It can come from poor nutrition.',
      },
      es: {
        title: 'Fosfatasa alcalina (FA)',
        measures: 'Una enzima que está sobre todo en el hígado y los huesos.',
        why: LIVER_WHY_ES,
        high: 'Un nivel alto puede deberse a problemas del hígado o de la vesícula, o a enfermedades de los huesos. Es normal que sea más alta en niños y adolescentes, porque sus huesos crecen, y durante el embarazo.',
        low: 'Un nivel bajo es poco común. Puede deberse a mala nutrición.',
      },
    },
  },
  {
    codes: ['1742-6', '1743-4'],
    group: 'liver',
    source: medlinePlusTest('ALT Blood Test', 'alt-blood-test'),
    text: {
      en: {
        title: 'ALT (liver enzyme)',
        measures: 'An enzyme found mostly in the liver. When liver cells are hurt, ALT leaks into the blood.',
        why: LIVER_WHY_EN,
        high: 'A high level can be a sign of liver irritation or damage, for example from fatty liver, hepatitis, alcohol or some medicines.',
      },
      es: {
        title: 'ALT (enzima del hígado)',
        measures:
          'Una enzima que está sobre todo en el hígado. Cuando las células del hígado se dañan, la ALT pasa a la sangre.',
        why: LIVER_WHY_ES,
        high: 'Un nivel alto puede ser señal de irritación o daño del hígado, por ejemplo por hígado graso, hepatitis, alcohol o algunos medicamentos.',
      },
    },
  },
  {
    codes: ['1920-8', '30239-8'],
    group: 'liver',
    source: medlinePlusTest('AST Test', 'ast-test'),
    text: {
      en: {
        title: 'AST (liver enzyme)',
        measures: 'An enzyme found in the liver, and also in muscles and the heart.',
        why: LIVER_WHY_EN,
        high: 'A high level can be a sign of liver damage. Muscle injury or very hard exercise can also raise it.',
      },
      es: {
        title: 'AST (enzima del hígado)',
        measures: 'Una enzima que está en el hígado y también en los músculos y el corazón.',
        why: LIVER_WHY_ES,
        high: 'Un nivel alto puede ser señal de daño en el hígado. Una lesión muscular o el ejercicio muy intenso también pueden subirlo.',
      },
    },
  },
];
