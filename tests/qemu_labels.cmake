# Read by ctest after the discovered unit tests (tests/CMakeLists.txt): labels
# for the tests qemu-user cannot run, or runs too slowly for the cross build's
# CI run (docs/CROSS.md). ctest adds each to the test's unit label; natively
# they run like any other.

# They check the kernel's ENOTTY for an evdev / hidraw / V4L2 ioctl on a
# regular file; qemu-user does not translate these ioctls and answers ENOSYS.
set_tests_properties(
  EvdevCodeScannerTest.RegularFileIsNotAnInputDevice
  HidrawCodeScannerTest.RegularFileIsNotAHidrawDevice
  V4l2CameraTest.RegularFileIsNotACaptureDevice
  PROPERTIES LABELS device_ioctl)

# It kills a forked journal writer 2-40 ms after the fork; under qemu the
# fork's first exchange takes longer than that, so no kill finds one committed.
set_tests_properties(ExchangeJournalTest.SurvivesKillNineAtRandomPoints PROPERTIES LABELS native_speed)

# Exhaustive loops: every bit of every signature and proof node flipped, every
# crash point of an exchange. Half of the unit tests' time under qemu (about
# 270 s of 525 s in one process); the full cross run keeps them, the CI run
# relies on the single flips of the other verifier and recovery tests.
set_tests_properties(
  Suites/BundleVerifierTest.EveryBitFlipOfEveryHeaderSignatureFails/Sm2Sm3
  Suites/BundleVerifierTest.EveryBitFlipOfEveryHeaderSignatureFails/P256Sha256
  Suites/BundleVerifierTest.EveryBitFlipOfEveryProofNodeFails/Sm2Sm3
  Suites/BundleVerifierTest.EveryBitFlipOfEveryProofNodeFails/P256Sha256
  Suites/BundleVerifierTest.EveryBitFlipOfTheIssuerSignatureFails/Sm2Sm3
  Suites/BundleVerifierTest.EveryBitFlipOfTheIssuerSignatureFails/P256Sha256
  Suites/BundleVerifierTest.SignatureFlipsInTheJsonNeverVerify/Sm2Sm3
  Suites/BundleVerifierTest.SignatureFlipsInTheJsonNeverVerify/P256Sha256
  BothSuites/MerkleGenerated.InclusionRejectsEverySingleBitFlip/Sm3
  BothSuites/MerkleGenerated.InclusionRejectsEverySingleBitFlip/Sha256
  BothSuites/MerkleGenerated.ConsistencyRejectsEverySingleBitFlip/Sm3
  BothSuites/MerkleGenerated.ConsistencyRejectsEverySingleBitFlip/Sha256
  ExchangeCrashTest.EveryCrashPointRecoversToExactlyOnePaperOrNone
  PROPERTIES LABELS qemu_slow)
