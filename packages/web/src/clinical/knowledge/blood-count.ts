import type { LabKnowledge } from './types.ts';
import { medlinePlusTest } from './types.ts';

// Complete blood count (MedlinePlus "Complete Blood Count (CBC)") and blood clotting (PT/INR).

const CBC = medlinePlusTest('Complete Blood Count (CBC)', 'complete-blood-count-cbc');
const CBC_WHY_EN = 'It is part of the complete blood count (CBC), one of the most common blood tests.';
const CBC_WHY_ES = 'Forma parte del hemograma completo, uno de los análisis de sangre más comunes.';
const RED_CELL_SIZE_EN = 'Together with the other red blood cell numbers, it helps find the cause of anemia.';
// MedlinePlus "Blood differential test": the share of each kind of white blood cell.
const DIFFERENTIAL = {
  title: 'MedlinePlus: Blood differential test',
  url: 'https://medlineplus.gov/ency/article/003657.htm',
};
const DIFF_WHY_EN =
  'It is part of the white blood cell differential, which counts each kind of white blood cell.';
const DIFF_WHY_ES = 'Forma parte de la fórmula leucocitaria, que cuenta cada tipo de glóbulo blanco.';
const RED_CELL_SIZE_ES =
  'Junto con los demás datos de los glóbulos rojos, ayuda a encontrar la causa de una anemia.';

export const BLOOD_COUNT: readonly LabKnowledge[] = [
  {
    codes: ['6690-2', '26464-8'],
    group: 'bloodCount',
    source: medlinePlusTest('White Blood Count (WBC)', 'white-blood-count-wbc'),
    text: {
      en: {
        title: 'White blood cells (WBC)',
        measures: 'The number of white blood cells, which help your body fight infection.',
        why: CBC_WHY_EN,
        high: 'A high count most often means the body is fighting an infection or inflammation. Stress, smoking, some medicines and, rarely, blood disorders can also raise it.',
        low: 'A low count can make it harder to fight infections. It can come from some medicines, viral infections or problems with the bone marrow.',
      },
      es: {
        title: 'Glóbulos blancos (leucocitos)',
        measures: 'La cantidad de glóbulos blancos, que ayudan al cuerpo a combatir las infecciones.',
        why: CBC_WHY_ES,
        high: 'Un número alto casi siempre indica que el cuerpo combate una infección o una inflamación. También puede subir por estrés, tabaco, algunos medicamentos y, rara vez, por enfermedades de la sangre.',
        low: 'Un número bajo puede hacer más difícil combatir infecciones. Puede deberse a algunos medicamentos, a infecciones por virus o a problemas de la médula ósea.',
      },
    },
  },
  {
    codes: ['770-8', '751-8'],
    group: 'bloodCount',
    source: DIFFERENTIAL,
    text: {
      en: {
        title: 'Neutrophils',
        measures: 'The most common kind of white blood cell. Neutrophils are the first to fight bacteria.',
        why: DIFF_WHY_EN,
        high: 'A high level most often comes with a bacterial infection, inflammation, stress or some medicines such as steroids.',
        low: 'A low level can make it harder to fight infections. It can come from some medicines, viral infections or bone marrow problems.',
      },
      es: {
        title: 'Neutrófilos',
        measures:
          'El tipo más común de glóbulo blanco. Los neutrófilos son los primeros en combatir las bacterias.',
        why: DIFF_WHY_ES,
        high: 'Un nivel alto suele darse con infecciones por bacterias, inflamación, estrés o algunos medicamentos, como los corticoides.',
        low: 'Un nivel bajo puede hacer más difícil combatir infecciones. Puede deberse a algunos medicamentos, infecciones por virus o problemas de la médula ósea.',
      },
    },
  },
  {
    codes: ['736-9', '731-0'],
    group: 'bloodCount',
    source: DIFFERENTIAL,
    text: {
      en: {
        title: 'Lymphocytes',
        measures: 'White blood cells that fight viruses and make antibodies.',
        why: DIFF_WHY_EN,
        high: 'A high level often comes with a viral infection. Rarely, it can be a sign of a blood disorder.',
        low: 'A low level can come from some medicines, a recent illness or stress, or problems with the immune system.',
      },
      es: {
        title: 'Linfocitos',
        measures: 'Glóbulos blancos que combaten los virus y producen anticuerpos.',
        why: DIFF_WHY_ES,
        high: 'Un nivel alto suele darse con infecciones por virus. Rara vez puede ser señal de una enfermedad de la sangre.',
        low: 'Un nivel bajo puede deberse a algunos medicamentos, a una enfermedad reciente, al estrés o a problemas de las defensas.',
      },
    },
  },
  {
    codes: ['5905-5', '742-7'],
    group: 'bloodCount',
    source: DIFFERENTIAL,
    text: {
      en: {
        title: 'Monocytes',
        measures: 'White blood cells that clean up germs and damaged cells.',
        why: DIFF_WHY_EN,
        high: 'A high level can come with long-lasting infections or inflammation.',
        low: 'A low level is not common and on its own is usually not a concern.',
      },
      es: {
        title: 'Monocitos',
        measures: 'Glóbulos blancos que eliminan gérmenes y células dañadas.',
        why: DIFF_WHY_ES,
        high: 'Un nivel alto puede darse con infecciones o inflamación de larga duración.',
        low: 'Un nivel bajo es poco común y, por sí solo, casi nunca preocupa.',
      },
    },
  },
  {
    codes: ['713-8', '711-2'],
    group: 'bloodCount',
    source: DIFFERENTIAL,
    text: {
      en: {
        title: 'Eosinophils',
        measures: 'White blood cells that take part in allergies and fight some parasites.',
        why: DIFF_WHY_EN,
        high: 'A high level often comes with allergies, asthma, eczema or, less often, a parasite infection.',
        low: 'A low level is usually not a concern.',
      },
      es: {
        title: 'Eosinófilos',
        measures: 'Glóbulos blancos que participan en las alergias y combaten algunos parásitos.',
        why: DIFF_WHY_ES,
        high: 'Un nivel alto suele darse con alergias, asma, eccema o, con menos frecuencia, una infección por parásitos.',
        low: 'Un nivel bajo casi nunca es motivo de preocupación.',
      },
    },
  },
  {
    codes: ['706-2', '704-7'],
    group: 'bloodCount',
    source: DIFFERENTIAL,
    text: {
      en: {
        title: 'Basophils',
        measures: 'The least common kind of white blood cell. They take part in allergic reactions.',
        why: DIFF_WHY_EN,
        high: 'A high level can come with allergies or inflammation and, rarely, with a bone marrow problem.',
        low: 'A low level is usually not a concern.',
      },
      es: {
        title: 'Basófilos',
        measures: 'El tipo menos común de glóbulo blanco. Participan en las reacciones alérgicas.',
        why: DIFF_WHY_ES,
        high: 'Un nivel alto puede darse con alergias o inflamación y, rara vez, con un problema de la médula ósea.',
        low: 'Un nivel bajo casi nunca es motivo de preocupación.',
      },
    },
  },
  {
    codes: ['789-8', '26453-1'],
    group: 'bloodCount',
    source: medlinePlusTest('Red Blood Cell (RBC) Count', 'red-blood-cell-rbc-count'),
    text: {
      en: {
        title: 'Red blood cells (RBC)',
        measures:
          'The number of red blood cells, which carry oxygen from your lungs to the rest of your body.',
        why: CBC_WHY_EN,
        high: 'A high count can come from not drinking enough fluids, smoking, living at high altitude, or lung, heart or bone marrow problems.',
        low: 'A low count (anemia) can come from bleeding, low iron or vitamins, kidney disease or other illnesses. It can make you feel tired or short of breath.',
      },
      es: {
        title: 'Glóbulos rojos (eritrocitos)',
        measures: 'La cantidad de glóbulos rojos, que llevan el oxígeno de los pulmones al resto del cuerpo.',
        why: CBC_WHY_ES,
        high: 'Un número alto puede deberse a tomar poco líquido, al tabaco, a vivir en lugares altos o a problemas de pulmón, corazón o médula ósea.',
        low: 'Un número bajo (anemia) puede deberse a sangrados, falta de hierro o vitaminas, enfermedad de los riñones u otras enfermedades. Puede causar cansancio o falta de aire.',
      },
    },
  },
  {
    codes: ['718-7', '30313-1', '20509-6'],
    group: 'bloodCount',
    source: medlinePlusTest('Hemoglobin Test', 'hemoglobin-test'),
    text: {
      en: {
        title: 'Hemoglobin',
        measures: 'The protein in red blood cells that carries oxygen.',
        why: CBC_WHY_EN + ' It is the main test for anemia.',
        high: 'A high level can come from not drinking enough fluids, smoking, living at high altitude, or lung, heart or bone marrow problems.',
        low: 'A low level means anemia. It can come from bleeding, low iron or vitamins, or long-lasting illness, and can make you feel tired, weak or short of breath.',
      },
      es: {
        title: 'Hemoglobina',
        measures: 'La proteína de los glóbulos rojos que transporta el oxígeno.',
        why: CBC_WHY_ES + ' Es el análisis principal para detectar anemia.',
        high: 'Un nivel alto puede deberse a tomar poco líquido, al tabaco, a vivir en lugares altos o a problemas de pulmón, corazón o médula ósea.',
        low: 'Un nivel bajo indica anemia. Puede deberse a sangrados, falta de hierro o vitaminas o a una enfermedad de larga duración, y puede causar cansancio, debilidad o falta de aire.',
      },
    },
  },
  {
    codes: ['4544-3', '20570-8'],
    group: 'bloodCount',
    source: medlinePlusTest('Hematocrit Test', 'hematocrit-test'),
    text: {
      en: {
        title: 'Hematocrit',
        measures: 'How much of your blood is made up of red blood cells, as a percentage.',
        why: CBC_WHY_EN,
        high: 'A high level can come from not drinking enough fluids, or from lung, heart or bone marrow problems.',
        low: 'A low level can be a sign of anemia, for example from bleeding or low iron.',
      },
      es: {
        title: 'Hematocrito',
        measures: 'Qué porcentaje de la sangre está formado por glóbulos rojos.',
        why: CBC_WHY_ES,
        high: 'Un nivel alto puede deberse a tomar poco líquido o a problemas de pulmón, corazón o médula ósea.',
        low: 'Un nivel bajo puede ser señal de anemia, por ejemplo por un sangrado o falta de hierro.',
      },
    },
  },
  {
    codes: ['787-2', '30428-7'],
    group: 'bloodCount',
    source: CBC,
    text: {
      en: {
        title: 'Red blood cell size (MCV)',
        measures: 'The average size of your red blood cells.',
        why: RED_CELL_SIZE_EN,
        high: 'Large red blood cells can come from low vitamin B12 or folate, alcohol, liver problems or some medicines.',
        low: 'Small red blood cells are most often caused by low iron. Some inherited blood conditions can also cause them.',
      },
      es: {
        title: 'Tamaño de los glóbulos rojos (VCM)',
        measures: 'El tamaño promedio de los glóbulos rojos.',
        why: RED_CELL_SIZE_ES,
        high: 'Los glóbulos rojos grandes pueden deberse a falta de vitamina B12 o de ácido fólico, al alcohol, a problemas del hígado o a algunos medicamentos.',
        low: 'Los glóbulos rojos pequeños casi siempre se deben a falta de hierro. También los causan algunas enfermedades de la sangre que se heredan.',
      },
    },
  },
  {
    codes: ['785-6', '28539-5'],
    group: 'bloodCount',
    source: CBC,
    text: {
      en: {
        title: 'Hemoglobin per red cell (MCH)',
        measures: 'The average amount of hemoglobin inside each red blood cell.',
        why: RED_CELL_SIZE_EN,
        high: 'A high level often goes with large red blood cells, for example from low vitamin B12 or folate.',
        low: 'A low level often goes with small, pale red blood cells, most often from low iron.',
      },
      es: {
        title: 'Hemoglobina por glóbulo rojo (HCM)',
        measures: 'La cantidad promedio de hemoglobina dentro de cada glóbulo rojo.',
        why: RED_CELL_SIZE_ES,
        high: 'Un nivel alto suele ir con glóbulos rojos grandes, por ejemplo por falta de vitamina B12 o de ácido fólico.',
        low: 'Un nivel bajo suele ir con glóbulos rojos pequeños y pálidos, casi siempre por falta de hierro.',
      },
    },
  },
  {
    codes: ['786-4', '28540-3'],
    group: 'bloodCount',
    source: CBC,
    text: {
      en: {
        title: 'Hemoglobin concentration in red cells (MCHC)',
        measures: 'How concentrated the hemoglobin is inside your red blood cells.',
        why: RED_CELL_SIZE_EN,
        high: 'A high level is not common. It can be seen with some inherited red blood cell conditions or when red cells break down.',
        low: 'A low level most often comes from low iron.',
      },
      es: {
        title: 'Concentración de hemoglobina en los glóbulos rojos (CHCM)',
        measures: 'Qué tan concentrada está la hemoglobina dentro de los glóbulos rojos.',
        why: RED_CELL_SIZE_ES,
        high: 'Un nivel alto es poco común. Puede verse con algunas enfermedades hereditarias de los glóbulos rojos o cuando estos se destruyen.',
        low: 'Un nivel bajo casi siempre se debe a falta de hierro.',
      },
    },
  },
  {
    codes: ['21000-5', '788-0', '30385-9'],
    group: 'bloodCount',
    source: CBC,
    text: {
      en: {
        title: 'Red cell size variation (RDW)',
        measures: 'How much your red blood cells differ from each other in size.',
        why: RED_CELL_SIZE_EN,
        high: 'A high result means the red cells vary a lot in size. It is often seen with low iron, vitamin B12 or folate, or after a blood transfusion.',
      },
      es: {
        title: 'Variación del tamaño de los glóbulos rojos (ADE)',
        measures: 'Cuánto varían de tamaño los glóbulos rojos entre sí.',
        why: RED_CELL_SIZE_ES,
        high: 'Un resultado alto indica que los glóbulos rojos son de tamaños muy distintos. Se ve a menudo con falta de hierro, de vitamina B12 o de ácido fólico, o tras una transfusión.',
      },
    },
  },
  {
    codes: ['777-3', '26515-7'],
    group: 'bloodCount',
    source: medlinePlusTest('Platelet Tests', 'platelet-tests'),
    text: {
      en: {
        title: 'Platelets',
        measures: 'The number of platelets, tiny cells that help your blood clot and stop bleeding.',
        why: CBC_WHY_EN,
        high: 'A high count can come from infection, inflammation, low iron, or after surgery. Rarely it is caused by a bone marrow problem.',
        low: 'A low count can make you bruise or bleed more easily. It can come from some medicines, infections, liver problems or bone marrow problems.',
      },
      es: {
        title: 'Plaquetas',
        measures:
          'La cantidad de plaquetas, unas células muy pequeñas que ayudan a que la sangre coagule y detienen los sangrados.',
        why: CBC_WHY_ES,
        high: 'Un número alto puede deberse a infecciones, inflamación, falta de hierro o a una cirugía reciente. Rara vez se debe a un problema de la médula ósea.',
        low: 'Un número bajo puede hacer que le salgan moretones o sangre con más facilidad. Puede deberse a algunos medicamentos, infecciones, problemas del hígado o de la médula ósea.',
      },
    },
  },
  {
    codes: ['32623-1', '28542-9'],
    group: 'bloodCount',
    source: medlinePlusTest('Platelet Tests', 'platelet-tests'),
    text: {
      en: {
        title: 'Platelet size (MPV)',
        measures: 'The average size of your platelets.',
        why: 'It is sometimes reported with the platelet count to help understand why platelets are high or low.',
        abnormal:
          'Larger or smaller platelets than usual can give clues about how the bone marrow is making them. On its own, this number says little.',
      },
      es: {
        title: 'Tamaño de las plaquetas (VPM)',
        measures: 'El tamaño promedio de las plaquetas.',
        why: 'A veces se informa junto con el número de plaquetas para entender por qué están altas o bajas.',
        abnormal:
          'Unas plaquetas más grandes o más pequeñas de lo habitual dan pistas sobre cómo las produce la médula ósea. Por sí solo, este dato dice poco.',
      },
    },
  },
  {
    codes: ['32207-3'],
    group: 'bloodCount',
    source: medlinePlusTest('Platelet Tests', 'platelet-tests'),
    text: {
      en: {
        title: 'Platelet size variation (PDW)',
        measures: 'How much your platelets differ from each other in size.',
        why: 'It is sometimes reported with the platelet count.',
        abnormal:
          'On its own this number says little; your care team reads it together with the platelet count.',
      },
      es: {
        title: 'Variación del tamaño de las plaquetas (ADP)',
        measures: 'Cuánto varían de tamaño las plaquetas entre sí.',
        why: 'A veces se informa junto con el número de plaquetas.',
        abnormal:
          'Por sí solo este dato dice poco; su equipo de salud lo interpreta junto con el número de plaquetas.',
      },
    },
  },
  {
    codes: ['6301-6', '34714-6'],
    group: 'bloodCount',
    source: medlinePlusTest('Prothrombin Time Test and INR (PT/INR)', 'prothrombin-time-test-and-inr-ptinr'),
    text: {
      en: {
        title: 'Blood clotting time (INR)',
        measures: 'How long it takes your blood to clot, compared with a standard.',
        why: 'It is checked before some procedures, with liver problems, and often in people who take the blood thinner warfarin.',
        high: 'A high INR means your blood takes longer to clot, so you may bleed more easily. If you take warfarin, your care team sets a target range for you that is higher than normal.',
        low: 'A low INR means your blood clots faster. If you take warfarin, it can mean the dose may need a change.',
      },
      es: {
        title: 'Tiempo de coagulación (INR)',
        measures: 'Cuánto tarda la sangre en coagular, comparado con un estándar.',
        why: 'Se revisa antes de algunos procedimientos, cuando hay problemas del hígado y, a menudo, en personas que toman el anticoagulante warfarina.',
        high: 'Un INR alto significa que la sangre tarda más en coagular, así que puede sangrar con más facilidad. Si toma warfarina, su equipo de salud le fija un rango objetivo más alto de lo normal.',
        low: 'Un INR bajo significa que la sangre coagula más rápido. Si toma warfarina, puede que haya que ajustar la dosis.',
      },
    },
  },
];
