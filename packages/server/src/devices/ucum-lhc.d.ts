// The part of @lhncbc/ucum-lhc (the UCUM reference library, CommonJS, no types of its own) that units.ts uses.
// See https://lhncbc.github.io/ucum-lhc/ — UcumLhcUtils.convertUnitTo and validateUnitString.
declare module '@lhncbc/ucum-lhc' {
  interface ConvertResult {
    status: 'succeeded' | 'failed' | 'error';
    toVal: number | null;
    msg: string[];
  }
  interface ValidateResult {
    status: 'valid' | 'invalid' | 'error';
    ucumCode: string | null;
    msg: string[];
  }
  interface UcumLhcUtils {
    convertUnitTo(
      fromUnitCode: string,
      fromVal: number,
      toUnitCode: string,
      options?: { molecularWeight?: number },
    ): ConvertResult;
    validateUnitString(unit: string): ValidateResult;
  }
  export const UcumLhcUtils: { getInstance(): UcumLhcUtils };
}
