"""The incident part of a review's Home Office data collection form.

The answers about each person (age band, ethnicity, court outcome, ...) are on
``cases.Subject``, where the person is; the answers about the death itself are here, one row
per review. Which question is which, with its label and section, is listed once in
``publications.homeoffice.fields``.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Review, YesNoUnknown
from cases.people.models import UNKNOWN
from dhr.models import TimeStampedModel


class PoliceForceArea(models.TextChoices):
    """The 43 territorial police forces of England and Wales."""

    AVON_SOMERSET = "avon_somerset", "Avon and Somerset"
    BEDFORDSHIRE = "bedfordshire", "Bedfordshire"
    CAMBRIDGESHIRE = "cambridgeshire", "Cambridgeshire"
    CHESHIRE = "cheshire", "Cheshire"
    CITY_OF_LONDON = "city_of_london", "City of London"
    CLEVELAND = "cleveland", "Cleveland"
    CUMBRIA = "cumbria", "Cumbria"
    DERBYSHIRE = "derbyshire", "Derbyshire"
    DEVON_CORNWALL = "devon_cornwall", "Devon and Cornwall"
    DORSET = "dorset", "Dorset"
    DURHAM = "durham", "Durham"
    DYFED_POWYS = "dyfed_powys", "Dyfed-Powys"
    ESSEX = "essex", "Essex"
    GLOUCESTERSHIRE = "gloucestershire", "Gloucestershire"
    GREATER_MANCHESTER = "greater_manchester", "Greater Manchester"
    GWENT = "gwent", "Gwent"
    HAMPSHIRE = "hampshire", "Hampshire and Isle of Wight"
    HERTFORDSHIRE = "hertfordshire", "Hertfordshire"
    HUMBERSIDE = "humberside", "Humberside"
    KENT = "kent", "Kent"
    LANCASHIRE = "lancashire", "Lancashire"
    LEICESTERSHIRE = "leicestershire", "Leicestershire"
    LINCOLNSHIRE = "lincolnshire", "Lincolnshire"
    MERSEYSIDE = "merseyside", "Merseyside"
    METROPOLITAN = "metropolitan", "Metropolitan Police"
    NORFOLK = "norfolk", "Norfolk"
    NORTH_WALES = "north_wales", "North Wales"
    NORTH_YORKSHIRE = "north_yorkshire", "North Yorkshire"
    NORTHAMPTONSHIRE = "northamptonshire", "Northamptonshire"
    NORTHUMBRIA = "northumbria", "Northumbria"
    NOTTINGHAMSHIRE = "nottinghamshire", "Nottinghamshire"
    SOUTH_WALES = "south_wales", "South Wales"
    SOUTH_YORKSHIRE = "south_yorkshire", "South Yorkshire"
    STAFFORDSHIRE = "staffordshire", "Staffordshire"
    SUFFOLK = "suffolk", "Suffolk"
    SURREY = "surrey", "Surrey"
    SUSSEX = "sussex", "Sussex"
    THAMES_VALLEY = "thames_valley", "Thames Valley"
    WARWICKSHIRE = "warwickshire", "Warwickshire"
    WEST_MERCIA = "west_mercia", "West Mercia"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    WEST_YORKSHIRE = "west_yorkshire", "West Yorkshire"
    WILTSHIRE = "wiltshire", "Wiltshire"
    UNKNOWN = UNKNOWN, "Not known"


class Region(models.TextChoices):
    """The regions of England, and Wales: the form's region, worked out from the force."""

    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire_humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    WALES = "wales", "Wales"
    UNKNOWN = UNKNOWN, "Not known"


_F, _R = PoliceForceArea, Region
REGION_OF_FORCE = {
    **dict.fromkeys([_F.CLEVELAND, _F.DURHAM, _F.NORTHUMBRIA], _R.NORTH_EAST),
    **dict.fromkeys(
        [_F.CHESHIRE, _F.CUMBRIA, _F.GREATER_MANCHESTER, _F.LANCASHIRE, _F.MERSEYSIDE],
        _R.NORTH_WEST,
    ),
    **dict.fromkeys(
        [_F.HUMBERSIDE, _F.NORTH_YORKSHIRE, _F.SOUTH_YORKSHIRE, _F.WEST_YORKSHIRE], _R.YORKSHIRE
    ),
    **dict.fromkeys(
        [
            _F.DERBYSHIRE,
            _F.LEICESTERSHIRE,
            _F.LINCOLNSHIRE,
            _F.NORTHAMPTONSHIRE,
            _F.NOTTINGHAMSHIRE,
        ],
        _R.EAST_MIDLANDS,
    ),
    **dict.fromkeys(
        [_F.STAFFORDSHIRE, _F.WARWICKSHIRE, _F.WEST_MERCIA, _F.WEST_MIDLANDS], _R.WEST_MIDLANDS
    ),
    **dict.fromkeys(
        [_F.BEDFORDSHIRE, _F.CAMBRIDGESHIRE, _F.ESSEX, _F.HERTFORDSHIRE, _F.NORFOLK, _F.SUFFOLK],
        _R.EAST,
    ),
    **dict.fromkeys([_F.CITY_OF_LONDON, _F.METROPOLITAN], _R.LONDON),
    **dict.fromkeys([_F.HAMPSHIRE, _F.KENT, _F.SURREY, _F.SUSSEX, _F.THAMES_VALLEY], _R.SOUTH_EAST),
    **dict.fromkeys(
        [_F.AVON_SOMERSET, _F.DEVON_CORNWALL, _F.DORSET, _F.GLOUCESTERSHIRE, _F.WILTSHIRE],
        _R.SOUTH_WEST,
    ),
    **dict.fromkeys([_F.DYFED_POWYS, _F.GWENT, _F.NORTH_WALES, _F.SOUTH_WALES], _R.WALES),
    _F.UNKNOWN: _R.UNKNOWN,
}


class CauseOfDeath(models.TextChoices):
    SHARP_INSTRUMENT = "sharp_instrument", "Sharp instrument"
    BLUNT_INSTRUMENT = "blunt_instrument", "Blunt instrument"
    HITTING_KICKING = "hitting_kicking", "Hitting or kicking, without a weapon"
    MANUAL_STRANGULATION = "manual_strangulation", "Manual strangulation"
    LIGATURE_STRANGULATION = "ligature_strangulation", "Strangulation with a ligature"
    SUFFOCATION = "suffocation", "Suffocation or smothering"
    ARSON_BURNING = "arson_burning", "Arson or burning"
    DROWNING = "drowning", "Drowning"
    FALL = "fall", "Fall"
    POISONING = "poisoning", "Poisoning"
    SHOOTING = "shooting", "Shooting"
    VEHICLE = "vehicle", "Hit by a vehicle"
    OTHER = "other", "Other"
    UNKNOWN = UNKNOWN, "Not known"


class Location(models.TextChoices):
    RESIDENTIAL = "residential", "Residential location"
    PUBLIC = "public", "Public place"
    OTHER = "other", "Other"
    UNKNOWN = UNKNOWN, "Not known"


def _flag():
    return models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)


class HomeOfficeForm(TimeStampedModel):
    """The answers about the death of one review's data collection form ("" = not answered).

    Partnership, month and year of death, number of victims and relationship category are not
    stored here: they are read from the review and its people (``fields``)."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="home_office_form")
    police_force_area = models.CharField(max_length=24, choices=PoliceForceArea.choices, blank=True)
    cause_of_death = models.CharField(max_length=24, choices=CauseOfDeath.choices, blank=True)
    location = models.CharField(max_length=16, choices=Location.choices, blank=True)
    intimate_partner = _flag()
    familial = _flag()
    parricide = _flag()
    homicide_suicide = _flag()
    children_present = _flag()
    coercive_control = _flag()
    economic_abuse = _flag()
    stalking = _flag()
    separation = _flag()
    forced_marriage = _flag()
    honour_based_abuse = _flag()
    sexual_abuse = _flag()
    physical_abuse = _flag()
    emotional_abuse = _flag()

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Home Office data form of {self.review.reference}"
