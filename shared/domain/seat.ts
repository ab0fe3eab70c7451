/** Seat name as printed and shown in China: row and seat, `7排10座`. */
export function seatName(rowId: string, seatNumber: string): string {
  return `${rowId}排${seatNumber}座`;
}
