import type { FilmSummary, SessionSummary, TicketType } from '../../../shared/contract/sale';
import type { UiOutput } from '../../../shared/contract/ui';
import type { SeatPlan } from '../../../shared/domain/seat-plan';
import { walkUpPriceFrom, walkUpTicketTypes } from '../../../shared/domain/ticket-type';
import { fail, ok, type Result } from '../../../shared/errors';
import type { SaleCentral, SaleCinema, SaleFilm, SaleSession, SaleTicketType } from '../central/sale-api';
import type { CatalogueCache, Cached } from './catalogue-cache';
import { centralRefusal } from './central-refusal';

/** The sale settings the catalogue reads at each call (a technician may change them live). */
export interface CatalogueSettings {
  cinemaId: string;
  timeZone: string;
  cinemaRefreshSeconds: number;
  nowShowingRefreshSeconds: number;
  sessionDataRefreshSeconds: number;
  ticketTypeAttempts: number;
  ticketTypeRetryDelayMs: number;
  cutoffMinutesAfterStart: number;
  /** How often a seat map on screen is read again (0: never); absent: never. */
  seatMapRefreshSeconds?: number;
}

/** A session with its film, from the cached now-showing list: what a hold needs to know about it. */
export interface KnownSession extends SaleSession {
  filmTitle: string;
  saleEndsEpochMs: number;
}

/**
 * The catalogue as the kiosk and the counter browse it (seed §2.1): films and sessions from the cache
 * (a slow or absent central never keeps the customer waiting once something was cached), ticket types
 * per session (three tries, then the last good answer), and seat plans read fresh.
 */
export class SaleCatalogueService {
  constructor(
    private readonly deps: {
      central: SaleCentral;
      cache: CatalogueCache;
      settings: () => CatalogueSettings;
      now: () => number;
    },
  ) {}

  async films(): Promise<Result<UiOutput<'sale.films'>>> {
    const s = this.deps.settings();
    const [cinema, showing] = await Promise.all([this.cinema(), this.nowShowing()]);
    if (!showing.ok) return centralRefusal(showing.error);
    const sessions = this.onSale(showing.value);
    const films: FilmSummary[] = showing.value
      .map((film) => {
        const own = sessions.filter((x) => x.filmId === film.filmId);
        return {
          filmId: film.filmId,
          title: film.title,
          runtimeMinutes: film.runtimeMinutes,
          sessionCount: own.length,
          nextStartsAt: own[0]?.startsAt ?? null,
        };
      })
      .filter((f) => f.sessionCount > 0);
    return ok({
      cinemaId: s.cinemaId,
      cinemaName: cinema.ok ? cinema.value.name : s.cinemaId,
      films,
      freshness: showing.freshness,
    });
  }

  async sessions(filmId?: string): Promise<Result<UiOutput<'sale.sessions'>>> {
    const showing = await this.nowShowing();
    if (!showing.ok) return centralRefusal(showing.error);
    const sessions = this.onSale(showing.value).filter((x) => !filmId || x.filmId === filmId);
    return ok({ sessions, freshness: showing.freshness });
  }

  async ticketTypes(sessionId: string, options: { force?: boolean } = {}): Promise<Result<UiOutput<'sale.ticketTypes'>>> {
    const s = this.deps.settings();
    const loaded = await this.deps.cache.load<SaleTicketType[]>('ticket-types', sessionId, () => this.deps.central.ticketTypes(sessionId), {
      maxAgeMs: s.sessionDataRefreshSeconds * 1000,
      mode: 'wait',
      ...(options.force ? { force: true } : {}),
      attempts: s.ticketTypeAttempts,
      retryDelayMs: s.ticketTypeRetryDelayMs,
      isEmpty: (types) => types.length === 0,
    });
    if (!loaded.ok) return centralRefusal(loaded.error);
    // Only what a walk-up customer may buy: a voucher, package or member type is neither shown nor held.
    const ticketTypes: TicketType[] = walkUpTicketTypes(loaded.value).map((t) => ({
      ticketTypeCode: t.ticketTypeCode,
      description: t.description,
      descriptionAlt: t.descriptionAlt ?? '',
      priceCents: t.priceCents,
      areaCategoryCode: t.areaCategoryCode,
    }));
    return ok({ sessionId, ticketTypes, freshness: loaded.freshness });
  }

  /** Read fresh: the map shows what is free now. When central is down, the last plan read, marked stale. */
  async seatPlan(sessionId: string): Promise<Result<UiOutput<'sale.seatPlan'>>> {
    const s = this.deps.settings();
    let refusal: 'sold-out' | 'not-found' | undefined;
    const loaded = await this.deps.cache.load<SeatPlan>(
      'seat-plan',
      sessionId,
      async () => {
        const answer = await this.deps.central.seatPlan(sessionId);
        if (answer.kind === 'plan') return answer.plan;
        refusal = answer.kind;
        return null as unknown as SeatPlan;
      },
      { maxAgeMs: s.sessionDataRefreshSeconds * 1000, mode: 'wait', force: true, isEmpty: (plan) => plan === null },
    );
    if (refusal === 'sold-out') return fail('SOLD_OUT', 'the session is sold out or the hall is reserved');
    if (refusal === 'not-found') return fail('NOT_FOUND', 'central does not know this session');
    if (!loaded.ok) return centralRefusal(loaded.error);
    return ok({ sessionId, plan: loaded.value, freshness: loaded.freshness, refreshSeconds: s.seatMapRefreshSeconds ?? 0 });
  }

  /** A session of the cached now-showing list, with its film and the end of its sale; undefined when unknown. */
  async session(sessionId: string): Promise<KnownSession | undefined> {
    const showing = await this.nowShowing();
    if (!showing.ok) return undefined;
    for (const film of showing.value) {
      const found = film.sessions.find((x) => x.sessionId === sessionId);
      if (found) return { ...found, filmTitle: film.title, saleEndsEpochMs: this.saleEnds(found) };
    }
    return undefined;
  }

  /** Refreshes what the screens browse, in the background: called on the configured intervals. */
  async warm(): Promise<void> {
    const [, showing] = await Promise.all([this.cinema(), this.nowShowing()]);
    if (!showing.ok) return;
    // Ticket types of the sessions on sale, one at a time: the lists show a price from them.
    for (const session of this.onSale(showing.value)) {
      const s = this.deps.settings();
      await this.deps.cache.load<SaleTicketType[]>(
        'ticket-types',
        session.sessionId,
        () => this.deps.central.ticketTypes(session.sessionId),
        {
          maxAgeMs: s.sessionDataRefreshSeconds * 1000,
          mode: 'wait',
          isEmpty: (types) => types.length === 0,
        },
      );
    }
  }

  private cinema(): Promise<Cached<SaleCinema>> {
    const s = this.deps.settings();
    return this.deps.cache.load<SaleCinema>(
      'cinema',
      s.cinemaId,
      async () => (await this.deps.central.cinema()) ?? (null as unknown as SaleCinema),
      { maxAgeMs: s.cinemaRefreshSeconds * 1000, mode: 'background', isEmpty: (c) => c === null },
    );
  }

  private nowShowing(): Promise<Cached<SaleFilm[]>> {
    const s = this.deps.settings();
    return this.deps.cache.load<SaleFilm[]>('now-showing', s.cinemaId, () => this.deps.central.nowShowing(), {
      maxAgeMs: s.nowShowingRefreshSeconds * 1000,
      mode: 'background',
      isEmpty: (films) => films.length === 0,
    });
  }

  private saleEnds(session: SaleSession): number {
    return session.startsEpochMs + this.deps.settings().cutoffMinutesAfterStart * 60_000;
  }

  /** Today's and tomorrow's sessions (in the cinema's zone) still before their cut-off, soonest first. */
  private onSale(films: SaleFilm[]): SessionSummary[] {
    const now = this.deps.now();
    const { timeZone } = this.deps.settings();
    const today = dayKey(now, timeZone);
    const tomorrow = dayKey(now + 86_400_000, timeZone);
    const out: SessionSummary[] = [];
    for (const film of films) {
      for (const session of film.sessions) {
        const saleEnds = this.saleEnds(session);
        const day = dayKey(session.startsEpochMs, timeZone);
        if (saleEnds <= now || (day !== today && day !== tomorrow)) continue;
        out.push({
          sessionId: session.sessionId,
          filmId: film.filmId,
          filmTitle: film.title,
          startsAt: session.startsAt,
          day: day === today ? 'today' : 'tomorrow',
          screenName: session.screenName,
          screenNumber: session.screenNumber,
          attributes: session.attributes,
          priceFromCents: this.priceFrom(session.sessionId),
          saleEndsAt: new Date(saleEnds).toISOString(),
        });
      }
    }
    return out.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  }

  /**
   * The lowest price of the session's cached ticket types a walk-up customer may buy (a voucher's lower
   * price is not a price this customer can pay); never a call to central (a list of sessions would make dozens).
   */
  private priceFrom(sessionId: string): number | null {
    const types = this.deps.cache.peek<SaleTicketType[]>('ticket-types', sessionId);
    return types ? walkUpPriceFrom(types) : null;
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** `2026-12-07` of an instant in the cinema's zone (a formatter per zone: building one costs far more than using it). */
function dayKey(epochMs: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(epochMs);
}
