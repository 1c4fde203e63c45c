// Child growth, from the CDC 2000 growth charts (50th percentiles, sexes averaged): stature as a
// fraction of adult height, and BMI-for-age. Adult height: NHANES 2015–2018 means (Fryar et al.,
// NCHS Vital Health Stat 3(46), 2021): men 175.4 cm, women 161.7 cm.

const HEIGHT_FRACTION: readonly (readonly [number, number])[] = [
  [0, 0.3],
  [0.5, 0.39],
  [1, 0.44],
  [2, 0.506],
  [3, 0.55],
  [4, 0.59],
  [5, 0.63],
  [6, 0.665],
  [8, 0.735],
  [10, 0.8],
  [12, 0.865],
  [14, 0.93],
  [16, 0.975],
  [18, 1],
];

const CHILD_BMI: readonly (readonly [number, number])[] = [
  [0, 13.5],
  [0.5, 17],
  [1, 17],
  [2, 16.3],
  [5, 15.3],
  [8, 16],
  [10, 17],
  [12, 18],
  [14, 19.4],
  [16, 20.5],
  [18, 21.5],
];

export const ADULT_HEIGHT_CM = { female: 161.7, male: 175.4 } as const;
export const ADULT_HEIGHT_SD_CM = 7;

function interpolate(table: readonly (readonly [number, number])[], x: number): number {
  const first = table[0]!;
  if (x <= first[0]) return first[1];
  for (let i = 1; i < table.length; i++) {
    const [x1, y1] = table[i]!;
    if (x <= x1) {
      const [x0, y0] = table[i - 1]!;
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return table[table.length - 1]![1];
}

export function heightFraction(age: number): number {
  return interpolate(HEIGHT_FRACTION, age);
}

export function childBmiMedian(age: number): number {
  return interpolate(CHILD_BMI, age);
}
