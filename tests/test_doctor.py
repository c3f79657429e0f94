"""cnnlib.doctor: the students' setup check finds what is wrong."""

import shutil

import pytest

from cnnlib import doctor


def test_shipped_files_match_the_checksum_list():
    # A changed data or weights file must come with a new checksum list
    # (scripts/update_checksums.py), so the doctor can trust it.
    assert doctor.read_checksums() == doctor.data_checksums()


def test_read_checksums_rejects_malformed_lines(tmp_path):
    bad = tmp_path / "sums.txt"
    bad.write_text("not-a-digest  file.npz\n")
    with pytest.raises(ValueError, match="expected '<sha256>  <file>'"):
        doctor.read_checksums(bad)


def test_check_data_reports_a_changed_file(tmp_path):
    for name in doctor.read_checksums():
        shutil.copy(doctor.DATA / name, tmp_path / name)
    with open(tmp_path / "small_cnn.npz", "ab") as handle:
        handle.write(b"\0")
    (tmp_path / "mnist_sample.npz").unlink()
    found = {c.name: c for c in doctor.check_data(folder=tmp_path)}
    assert found["small_cnn.npz"].found == "checksum differs"
    assert found["mnist_sample.npz"].found == "missing"
    assert found["simple_convnet.npz"].ok
    assert not found["small_cnn.npz"].ok and found["small_cnn.npz"].advice


def test_python_outside_the_supported_range_is_reported(monkeypatch):
    monkeypatch.setattr(doctor.sys, "version_info", (3, 11, 2, "final", 0))
    check = doctor.check_python()
    assert not check.ok and "3.11.5" in check.advice


@pytest.mark.slow
def test_main_without_tensorflow_passes_and_reports_each_check(capsys):
    assert doctor.main(["--no-tensorflow"]) == 0
    out = capsys.readouterr().out
    for expected in ("Python", "numpy", "mnist_sample.npz", "SimpleConvNet"):
        assert expected in out
    assert "BAD" not in out
    assert "All checks passed" in out


def test_reference_check_fails_when_results_differ():
    check = doctor._reference("net", lambda: (0.9, 0.97))
    assert not check.ok and "0.9000" in check.found and check.advice


@pytest.mark.tf
@pytest.mark.slow
def test_all_checks_pass_with_tensorflow():
    checks = doctor.run_checks(tensorflow=True)
    assert [c.name for c in checks if not c.ok] == []
    assert "small CNN (Keras)" in {c.name for c in checks}
