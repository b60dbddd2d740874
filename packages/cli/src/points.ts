/** Points as shown to people: whole numbers as they are, fractions to at most two decimals (`2.5`, `3.33`). */
export const formatPoints = (points: number): string => String(Math.round(points * 100) / 100);
