# Read by ctest after the discovered unit tests (tests/CMakeLists.txt): labels
# the ones qemu-user cannot run, which the cross test presets leave out
# (docs/CROSS.md). Natively they run like any other.

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
