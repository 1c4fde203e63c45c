import type { LabKnowledge } from './types.ts';
import { medlinePlusArticle, medlinePlusTest } from './types.ts';

const VITAL_SIGNS = medlinePlusArticle('Vital signs', '002341');
const BLOOD_PRESSURE = {
  title: 'MedlinePlus: High Blood Pressure',
  url: 'https://medlineplus.gov/highbloodpressure.html',
};
const GROWTH = { title: 'MedlinePlus: Growth chart', url: 'https://medlineplus.gov/ency/article/002111.htm' };

export const VITALS: readonly LabKnowledge[] = [
  {
    codes: ['85354-9', '55284-4'],
    group: 'vitals',
    source: BLOOD_PRESSURE,
    text: {
      en: {
        title: 'Blood pressure',
        measures:
          'How hard your blood pushes on the walls of your arteries. The top number (systolic) is the push when your heart beats. The bottom number (diastolic) is the push when your heart rests between beats.',
        why: 'High blood pressure often has no symptoms, so it is checked at most visits.',
        high: 'High blood pressure makes your heart and blood vessels work harder. Over time it can raise the chance of heart disease, stroke and kidney problems. One high reading is not enough to know; it is checked again.',
        low: 'Low blood pressure can make you feel dizzy or faint. It can come from not drinking enough fluids, some medicines, or other causes.',
      },
      es: {
        title: 'Presión arterial',
        measures:
          'La fuerza con la que la sangre empuja las paredes de las arterias. El número de arriba (sistólica) es la presión cuando el corazón late. El de abajo (diastólica) es la presión cuando el corazón descansa entre latidos.',
        why: 'La presión alta muchas veces no da síntomas, por eso se mide en casi todas las consultas.',
        high: 'Con la presión alta, el corazón y los vasos sanguíneos trabajan más de la cuenta. Con los años puede aumentar el riesgo de enfermedad del corazón, derrame cerebral y problemas de riñón. Una sola medida alta no basta: se vuelve a medir.',
        low: 'La presión baja puede causar mareos o desmayos. Puede deberse a tomar poco líquido, a algunos medicamentos o a otras causas.',
      },
    },
  },
  {
    codes: ['8480-6'],
    group: 'vitals',
    source: BLOOD_PRESSURE,
    text: {
      en: {
        title: 'Systolic blood pressure (top number)',
        measures: 'The pressure in your arteries when your heart beats and pushes blood out.',
        why: 'It is the main number used to check for high blood pressure.',
        high: 'A high top number can raise the chance of heart disease and stroke over time.',
        low: 'A low top number can make you feel dizzy or weak.',
      },
      es: {
        title: 'Presión sistólica (número de arriba)',
        measures: 'La presión en las arterias cuando el corazón late y bombea la sangre.',
        why: 'Es el número principal para saber si hay presión alta.',
        high: 'Si el número de arriba está alto, con el tiempo puede subir el riesgo de enfermedad del corazón y derrame cerebral.',
        low: 'Si está bajo, puede sentir mareo o debilidad.',
      },
    },
  },
  {
    codes: ['8462-4'],
    group: 'vitals',
    source: BLOOD_PRESSURE,
    text: {
      en: {
        title: 'Diastolic blood pressure (bottom number)',
        measures: 'The pressure in your arteries when your heart rests between beats.',
        why: 'Together with the top number, it shows whether your blood pressure is in a healthy range.',
        high: 'A high bottom number can also strain your heart and blood vessels over time.',
        low: 'A low bottom number can come with dizziness, especially when standing up.',
      },
      es: {
        title: 'Presión diastólica (número de abajo)',
        measures: 'La presión en las arterias cuando el corazón descansa entre un latido y otro.',
        why: 'Junto con el número de arriba, indica si la presión está en un nivel sano.',
        high: 'Si el número de abajo está alto, con el tiempo también fuerza el corazón y los vasos sanguíneos.',
        low: 'Si está bajo, puede dar mareo, sobre todo al ponerse de pie.',
      },
    },
  },
  {
    codes: ['8867-4'],
    group: 'vitals',
    source: VITAL_SIGNS,
    text: {
      en: {
        title: 'Heart rate (pulse)',
        measures: 'How many times your heart beats in one minute.',
        why: 'It is a quick check of how your heart is working.',
        high: 'A fast pulse can come from exercise, fever, stress, caffeine, some medicines, or heart and thyroid problems.',
        low: 'A slow pulse is common in very fit people. It can also come from some medicines or problems with the heart’s rhythm.',
      },
      es: {
        title: 'Frecuencia cardíaca (pulso)',
        measures: 'Cuántas veces late el corazón en un minuto.',
        why: 'Es una forma rápida de ver cómo está funcionando el corazón.',
        high: 'El pulso rápido puede deberse al ejercicio, la fiebre, el estrés, la cafeína, algunos medicamentos o problemas del corazón o de la tiroides.',
        low: 'El pulso lento es común en personas muy deportistas. También puede deberse a algunos medicamentos o a problemas del ritmo del corazón.',
      },
    },
  },
  {
    codes: ['9279-1'],
    group: 'vitals',
    source: VITAL_SIGNS,
    text: {
      en: {
        title: 'Breathing rate',
        measures: 'How many breaths you take in one minute while resting.',
        why: 'A change in breathing rate can be an early sign that the body is under strain.',
        high: 'Fast breathing can come with fever, infection, lung or heart problems, pain or anxiety.',
        low: 'Slow breathing can come from some strong pain medicines or sleep medicines, or other causes.',
      },
      es: {
        title: 'Frecuencia respiratoria',
        measures: 'Cuántas veces respira en un minuto estando en reposo.',
        why: 'Un cambio en la respiración puede ser una señal temprana de que el cuerpo está bajo estrés.',
        high: 'Respirar rápido puede ocurrir con fiebre, infecciones, problemas de pulmón o de corazón, dolor o ansiedad.',
        low: 'Respirar lento puede deberse a algunos medicamentos fuertes para el dolor o para dormir, o a otras causas.',
      },
    },
  },
  {
    codes: ['59408-5', '2708-6'],
    group: 'vitals',
    source: medlinePlusTest('Pulse Oximetry', 'pulse-oximetry'),
    text: {
      en: {
        title: 'Oxygen level (pulse oximetry)',
        measures:
          'How much of the blood’s hemoglobin is carrying oxygen, measured with a clip on your finger.',
        why: 'It shows how well your lungs are getting oxygen into your blood.',
        low: 'A low oxygen level can mean your body is not getting enough oxygen. It can happen with lung problems like asthma, COPD or pneumonia, or with heart problems. Very low levels need care right away.',
      },
      es: {
        title: 'Nivel de oxígeno (oximetría de pulso)',
        measures: 'Qué parte de la hemoglobina de la sangre lleva oxígeno. Se mide con una pinza en el dedo.',
        why: 'Muestra qué tan bien pasan los pulmones el oxígeno a la sangre.',
        low: 'Un nivel bajo puede indicar que el cuerpo no recibe suficiente oxígeno. Puede pasar con problemas de pulmón, como asma, EPOC o neumonía, o con problemas del corazón. Un nivel muy bajo necesita atención de inmediato.',
      },
    },
  },
  {
    codes: ['8310-5', '8331-1'],
    group: 'vitals',
    source: medlinePlusArticle('Body temperature norms', '001982'),
    text: {
      en: {
        title: 'Body temperature',
        measures: 'How warm your body is inside.',
        why: 'A fever is one of the most common signs that the body is fighting an infection.',
        high: 'A high temperature (fever) most often means the body is fighting an infection.',
        low: 'A low temperature can happen after being in the cold for a long time, and sometimes with serious illness.',
      },
      es: {
        title: 'Temperatura corporal',
        measures: 'Qué tan caliente está el cuerpo por dentro.',
        why: 'La fiebre es una de las señales más comunes de que el cuerpo combate una infección.',
        high: 'Una temperatura alta (fiebre) casi siempre indica que el cuerpo está combatiendo una infección.',
        low: 'Una temperatura baja puede darse tras pasar mucho tiempo en el frío y, a veces, con enfermedades graves.',
      },
    },
  },
  {
    codes: ['29463-7', '3141-9'],
    group: 'vitals',
    source: VITAL_SIGNS,
    text: {
      en: {
        title: 'Weight',
        measures: 'How much your body weighs.',
        why: 'Changes in weight over time can point to changes in health, and some medicine doses depend on weight.',
        abnormal: 'Gaining or losing weight quickly without trying is worth mentioning to your care team.',
      },
      es: {
        title: 'Peso',
        measures: 'Cuánto pesa su cuerpo.',
        why: 'Los cambios de peso con el tiempo pueden reflejar cambios en la salud, y la dosis de algunos medicamentos depende del peso.',
        abnormal:
          'Si sube o baja de peso rápido sin proponérselo, conviene comentarlo con su equipo de salud.',
      },
    },
  },
  {
    codes: ['8302-2'],
    group: 'vitals',
    source: VITAL_SIGNS,
    text: {
      en: {
        title: 'Height',
        measures: 'How tall you are.',
        why: 'Height is used with weight to work out body mass index (BMI), and in children to follow growth.',
      },
      es: {
        title: 'Estatura',
        measures: 'Cuánto mide de alto.',
        why: 'La estatura se usa junto con el peso para calcular el índice de masa corporal (IMC) y, en los niños, para seguir su crecimiento.',
      },
    },
  },
  {
    codes: ['39156-5'],
    group: 'vitals',
    source: { title: 'MedlinePlus: Body Mass Index', url: 'https://medlineplus.gov/ency/article/007196.htm' },
    text: {
      en: {
        title: 'Body mass index (BMI)',
        measures: 'A number worked out from your weight and height.',
        why: 'It is a simple way to see if weight may be affecting health. It does not measure body fat directly.',
        high: 'A high BMI can mean extra weight, which can raise the chance of diabetes, high blood pressure and heart disease.',
        low: 'A low BMI can mean being underweight, which can come from not eating enough or from an illness.',
      },
      es: {
        title: 'Índice de masa corporal (IMC)',
        measures: 'Un número que se calcula con el peso y la estatura.',
        why: 'Es una forma sencilla de ver si el peso podría estar afectando la salud. No mide la grasa del cuerpo de forma directa.',
        high: 'Un IMC alto puede indicar sobrepeso, lo que aumenta el riesgo de diabetes, presión alta y enfermedad del corazón.',
        low: 'Un IMC bajo puede indicar bajo peso, que puede deberse a comer poco o a alguna enfermedad.',
      },
    },
  },
  {
    codes: ['72514-3'],
    group: 'vitals',
    source: { title: 'MedlinePlus: Pain', url: 'https://medlineplus.gov/pain.html' },
    text: {
      en: {
        title: 'Pain score',
        measures: 'How much pain you said you had, from 0 (no pain) to 10 (worst pain you can imagine).',
        why: 'It helps your care team follow your pain over time and see if treatment is helping.',
        high: 'A higher number means more pain. Tell your care team if your pain is getting worse or keeps you from daily activities.',
      },
      es: {
        title: 'Nivel de dolor',
        measures: 'Cuánto dolor dijo tener, de 0 (nada de dolor) a 10 (el peor dolor que pueda imaginar).',
        why: 'Ayuda a su equipo de salud a seguir el dolor con el tiempo y a ver si el tratamiento funciona.',
        high: 'Un número más alto indica más dolor. Avise a su equipo de salud si el dolor empeora o no le deja hacer sus actividades diarias.',
      },
    },
  },
  {
    codes: ['59576-9'],
    group: 'vitals',
    source: GROWTH,
    text: {
      en: {
        title: 'BMI percentile (children)',
        measures:
          'How a child’s BMI compares with other children of the same age and sex. The 50th percentile is the middle.',
        why: 'In children, BMI changes with age, so percentiles are used instead of adult numbers.',
        high: 'At or above the 85th percentile can mean extra weight for the child’s age.',
        low: 'Below the 5th percentile can mean the child is underweight for their age.',
      },
      es: {
        title: 'Percentil de IMC (niños)',
        measures:
          'Cómo se compara el IMC de un niño con el de otros niños de la misma edad y sexo. El percentil 50 es el punto medio.',
        why: 'En los niños el IMC cambia con la edad, por eso se usan percentiles y no las cifras de adultos.',
        high: 'Desde el percentil 85 hacia arriba puede indicar sobrepeso para su edad.',
        low: 'Por debajo del percentil 5 puede indicar bajo peso para su edad.',
      },
    },
  },
  {
    codes: ['77606-2'],
    group: 'vitals',
    source: GROWTH,
    text: {
      en: {
        title: 'Weight-for-length percentile (babies)',
        measures: 'How a baby’s weight compares with other babies of the same length and sex.',
        why: 'It helps check that a baby is growing in a healthy way.',
        abnormal:
          'Very high or very low percentiles, or big jumps between visits, are things your child’s care team watches.',
      },
      es: {
        title: 'Percentil de peso para la talla (bebés)',
        measures: 'Cómo se compara el peso de un bebé con el de otros bebés de la misma talla y sexo.',
        why: 'Ayuda a comprobar que el bebé crece de forma sana.',
        abnormal:
          'Los percentiles muy altos o muy bajos, o los saltos grandes entre consultas, son cosas que vigila el equipo de salud de su hijo.',
      },
    },
  },
  {
    codes: ['9843-4', '8287-5'],
    group: 'vitals',
    source: GROWTH,
    text: {
      en: {
        title: 'Head size (babies and young children)',
        measures: 'The distance around a child’s head.',
        why: 'Head size shows how the brain and skull are growing in the first years of life.',
        abnormal:
          'A head that grows much faster or slower than expected is checked more closely by the child’s care team.',
      },
      es: {
        title: 'Tamaño de la cabeza (bebés y niños pequeños)',
        measures: 'La medida alrededor de la cabeza del niño.',
        why: 'El tamaño de la cabeza muestra cómo crecen el cerebro y el cráneo en los primeros años.',
        abnormal:
          'Si la cabeza crece mucho más rápido o más lento de lo esperado, el equipo de salud del niño lo revisa con más detalle.',
      },
    },
  },
  {
    codes: ['8289-1'],
    group: 'vitals',
    source: GROWTH,
    text: {
      en: {
        title: 'Head size percentile (babies)',
        measures: 'How a child’s head size compares with other children of the same age and sex.',
        why: 'Following the percentile over time shows whether the head is growing at a steady pace.',
        abnormal:
          'A percentile that is very high, very low, or crosses several lines between visits is checked more closely.',
      },
      es: {
        title: 'Percentil del tamaño de la cabeza (bebés)',
        measures:
          'Cómo se compara el tamaño de la cabeza del niño con el de otros niños de la misma edad y sexo.',
        why: 'Seguir el percentil con el tiempo muestra si la cabeza crece a un ritmo constante.',
        abnormal:
          'Si el percentil es muy alto, muy bajo o cambia mucho entre consultas, se revisa con más detalle.',
      },
    },
  },
];
