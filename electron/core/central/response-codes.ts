/** Vista ResponseCode / Result / ResultCode values (seed 003 §3.13) that our flows act on. */
export const VistaCode = {
  Ok: 0,
  UnexpectedError: 1,
  DbError: 2,
  InvalidRequestData: 4,
  CinemaConnectError: 5,
  SeatsUnavailable: 8,
  RefundBookingFailed: 39,
  BookingRefundsDisabled: 44,
  BookingDoesNotExist: 47,
  BookingAlreadyCancelled: 49,
  OrderDoesNotExist: 62,
  OrderHasBeenRefunded: 63,
  SeatMapRequestedForSoldOutSession: 67,
} as const;

export const vistaCodeNames: Readonly<Record<number, string>> = {
  0: 'OK',
  1: 'UnexpectedError',
  2: 'DBError',
  3: 'MembershipError',
  4: 'InvalidRequestData',
  5: 'CinemaConnectError',
  8: 'SeatsUnavailable',
  39: 'RefundBookingFailed',
  44: 'BookingRefundsDisabled',
  47: 'BookingDoesNotExist',
  49: 'BookingAlreadyCancelled',
  61: 'OrderCannotBeUniquelyIdentified',
  62: 'OrderDoesNotExist',
  63: 'OrderHasBeenRefunded',
  67: 'SeatMapRequestedForSoldOutSession',
};
