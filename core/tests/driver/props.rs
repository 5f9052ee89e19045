//! Random interleavings of many concurrent calls sharing one store: never two mints of one
//! token, and every call gets a token.

use proptest::prelude::*;
use wxopen::driver::Driver;

use crate::harness::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_interleavings_never_double_mint(
        picks in proptest::collection::vec(0usize..8, 1..400),
        processes in 2usize..5,
        expired in any::<bool>(),
    ) {
        let mut w = World::new();
        let drivers: Vec<Driver> = (0..processes)
            .map(|i| Driver::new(config(), 1000 + i as u64).unwrap())
            .collect();
        w.seed_ticket(&drivers[0]);
        w.seed_authorizer(&drivers[0], AUTHORIZER);
        if expired {
            // A token minted long ago: everybody needs a new one at once.
            w.on(CAT_PATH, [cat("CAT_OLD")]);
            w.run(drivers[0].component_access_token()).unwrap();
            w.now += 7_300_000;
            drivers[0].clear_cache();
        }
        w.on(CAT_PATH, [cat("CAT_NEW")]).on(AAT_PATH, [aat("AAT_NEW", "refreshtoken@@@R1")]);
        let calls = drivers
            .iter()
            .flat_map(|d| [d.authorizer_access_token(AUTHORIZER), d.authorizer_access_token(AUTHORIZER)])
            .collect();
        let mut it = picks.into_iter().cycle();
        let results = w.run_all(calls, |_| it.next().unwrap_or(0));
        for r in results {
            let token = r.unwrap();
            prop_assert_eq!(token.access_token.expose(), "AAT_NEW");
        }
        prop_assert_eq!(w.sent_to(CAT_PATH).len(), 1 + usize::from(expired));
        prop_assert_eq!(w.sent_to(AAT_PATH).len(), 1);
    }
}
